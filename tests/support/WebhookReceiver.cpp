#include "WebhookReceiver.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/StreamCopier.h>
#include <Poco/String.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

namespace topcoat::test {

struct WebhookReceiver::State {
    mutable std::mutex mutex;
    std::condition_variable released;
    std::vector<ReceivedDelivery> received;
    int failing = 0;
    bool holding = false;
    bool stopping = false;
};

namespace {

class Handler final : public Poco::Net::HTTPRequestHandler {
public:
    explicit Handler(std::shared_ptr<WebhookReceiver::State> state) : state_(std::move(state)) {}

    void handleRequest(Poco::Net::HTTPServerRequest& request,
                       Poco::Net::HTTPServerResponse& response) override {
        ReceivedDelivery delivery;
        delivery.path = request.getURI();
        for (const auto& [name, value] : request)
            delivery.headers[Poco::toLower(name)] = value;
        Poco::StreamCopier::copyToString(request.stream(), delivery.body);

        std::unique_lock lock(state_->mutex);
        const auto index = state_->received.size();
        state_->received.push_back(std::move(delivery));
        state_->released.wait(lock, [&] { return !state_->holding || state_->stopping; });
        const int status = state_->failing > 0 ? 500 : 204;
        if (state_->failing > 0)
            --state_->failing;
        state_->received[index].answered = status;
        lock.unlock();

        response.setStatus(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(status));
        response.setContentLength(0);
        response.send();
    }

private:
    std::shared_ptr<WebhookReceiver::State> state_;
};

class Factory final : public Poco::Net::HTTPRequestHandlerFactory {
public:
    explicit Factory(std::shared_ptr<WebhookReceiver::State> state) : state_(std::move(state)) {}
    Poco::Net::HTTPRequestHandler*
    createRequestHandler(const Poco::Net::HTTPServerRequest&) override {
        return new Handler(state_);
    }

private:
    std::shared_ptr<WebhookReceiver::State> state_;
};

} // namespace

WebhookReceiver::WebhookReceiver() : state_(std::make_shared<State>()) {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    auto* params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(4);
    server_ = std::make_unique<Poco::Net::HTTPServer>(new Factory(state_), socket, params);
    server_->start();
}

WebhookReceiver::~WebhookReceiver() {
    {
        std::lock_guard lock(state_->mutex);
        state_->stopping = true;
    }
    state_->released.notify_all();
    server_->stopAll(true);
}

std::uint16_t WebhookReceiver::port() const {
    return server_->port();
}

std::string WebhookReceiver::url(const std::string& path) const {
    return "http://127.0.0.1:" + std::to_string(port()) + path;
}

std::vector<ReceivedDelivery> WebhookReceiver::received() const {
    std::lock_guard lock(state_->mutex);
    return state_->received;
}

void WebhookReceiver::failNext(int count) {
    std::lock_guard lock(state_->mutex);
    state_->failing = count;
}

void WebhookReceiver::hold() {
    std::lock_guard lock(state_->mutex);
    state_->holding = true;
}

void WebhookReceiver::release() {
    {
        std::lock_guard lock(state_->mutex);
        state_->holding = false;
    }
    state_->released.notify_all();
}

namespace {

std::string field(const std::string& header, const std::string& name) {
    const auto start = header.find(name + "=");
    if (start == std::string::npos)
        return {};
    const auto from = start + name.size() + 1;
    return header.substr(from, header.find(',', from) - from);
}

} // namespace

std::int64_t signatureTime(const std::string& header) {
    try {
        return std::stoll(field(header, "t"));
    } catch (const std::exception&) {
        return -1;
    }
}

bool signatureMatches(const std::string& header, const std::string& secret,
                      const std::string& body) {
    // Computed with OpenSSL rather than the server's own signer, so that a mistake there shows.
    const auto message = field(header, "t") + "." + body;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    HMAC(EVP_sha256(), secret.data(), static_cast<int>(secret.size()),
         reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
    static constexpr char hex[] = "0123456789abcdef";
    std::string expected;
    for (unsigned int i = 0; i < length; ++i)
        expected.append({hex[digest[i] >> 4], hex[digest[i] & 0xf]});
    return length > 0 && field(header, "v1") == expected;
}

} // namespace topcoat::test

#include "HttpClient.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/StreamCopier.h>
#include <algorithm>
#include <sstream>

namespace topcoat::test {

Poco::JSON::Object::Ptr HttpResult::json() const {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
}

std::string HttpResult::errorCode() const {
    try {
        const auto error = json()->getObject("error");
        return error ? error->getValue<std::string>("code") : std::string();
    } catch (const Poco::Exception&) {
        return {};
    }
}

std::string HttpResult::header(const std::string& lowerCaseName) const {
    const auto found = headers.find(lowerCaseName);
    return found == headers.end() ? std::string() : found->second;
}

HttpClient::HttpClient(std::string host, std::uint16_t port)
    : host_(std::move(host)), port_(port) {}

HttpResult HttpClient::get(const std::string& path,
                           const std::map<std::string, std::string>& headers) {
    return request("GET", path, {}, headers);
}

HttpResult HttpClient::post(const std::string& path, const std::string& body,
                            const std::map<std::string, std::string>& headers) {
    return request("POST", path, body, headers);
}

HttpResult HttpClient::put(const std::string& path, const std::string& body,
                           const std::map<std::string, std::string>& headers) {
    return request("PUT", path, body, headers);
}

HttpResult HttpClient::del(const std::string& path,
                           const std::map<std::string, std::string>& headers) {
    return request("DELETE", path, {}, headers);
}

HttpResult HttpClient::request(const std::string& method, const std::string& path,
                               const std::string& body,
                               const std::map<std::string, std::string>& headers) {
    // A server may close an idle kept-alive connection; a request that fails on a reused
    // connection is sent once more on a fresh one. Failures on a fresh connection are real.
    for (;;) {
        const bool reused = session_ != nullptr;
        try {
            if (!session_) {
                session_ = std::make_unique<Poco::Net::HTTPClientSession>(host_, port_);
                session_->setTimeout(Poco::Timespan(30, 0));
                session_->setKeepAlive(true);
            }
            Poco::Net::HTTPRequest request(method, path, Poco::Net::HTTPMessage::HTTP_1_1);
            request.setKeepAlive(true);
            if (!token_.empty())
                request.set("Authorization", "Bearer " + token_);
            for (const auto& [name, value] : headers)
                request.set(name, value);
            if (!body.empty() || method == "POST" || method == "PUT") {
                if (!request.has("Content-Type")) // JSON unless the caller names a type
                    request.setContentType("application/json");
                request.setContentLength(static_cast<std::streamsize>(body.size()));
            }
            session_->sendRequest(request) << body;
            Poco::Net::HTTPResponse response;
            auto& stream = session_->receiveResponse(response);
            HttpResult result;
            result.status = response.getStatus();
            Poco::StreamCopier::copyToString(stream, result.body);
            for (const auto& [name, value] : response) {
                std::string lower = name;
                std::transform(lower.begin(), lower.end(), lower.begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
                result.headers[lower] = value;
            }
            if (!response.getKeepAlive())
                session_.reset();
            return result;
        } catch (const Poco::Exception&) {
            session_.reset();
            if (!reused)
                throw;
        }
    }
}

} // namespace topcoat::test

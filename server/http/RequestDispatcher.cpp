#include "RequestDispatcher.h"

#include "Admission.h"
#include "server/core/Metrics.h"
#include "server/core/Protection.h"
#include "server/core/ShopRepository.h"

#include <Poco/Exception.h>
#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/URI.h>
#include <chrono>
#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

std::shared_ptr<spdlog::logger> httpLog() {
    auto logger = spdlog::get("http");
    return logger ? logger : spdlog::default_logger();
}

std::string decode(std::string_view text) {
    std::string decoded;
    Poco::URI::decode(std::string(text), decoded, true);
    return decoded;
}

// Splits "path?a=1&b=2"; throws Poco::SyntaxException on bad percent-encoding.
void parseTarget(const std::string& target, HttpRequest& request) {
    const auto question = target.find('?');
    request.path = decode(std::string_view(target).substr(0, question));
    if (question == std::string::npos)
        return;
    std::string_view query = std::string_view(target).substr(question + 1);
    while (!query.empty()) {
        const auto amp = query.find('&');
        const auto pair = query.substr(0, amp);
        const auto eq = pair.find('=');
        if (!pair.empty())
            request.query.emplace_back(decode(pair.substr(0, eq)),
                                       eq == std::string_view::npos ? std::string()
                                                                    : decode(pair.substr(eq + 1)));
        query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
}

enum class BodyRead { Ok, TooLarge };

constexpr std::size_t maxDiscardedBytes = 1024 * 1024;

bool carriesBody(const Poco::Net::HTTPServerRequest& raw) {
    return raw.getContentLength64() > 0 || raw.getChunkedTransferEncoding();
}

BodyRead readBody(Poco::Net::HTTPServerRequest& raw, std::size_t limit, std::string& body) {
    const auto declared = raw.getContentLength64();
    if (declared > static_cast<Poco::Int64>(limit))
        return BodyRead::TooLarge; // refused before a byte of it is read
    if (declared == 0 || (declared < 0 && !raw.getChunkedTransferEncoding()))
        return BodyRead::Ok;
    // Read at most limit + 1 bytes: one more than allowed tells a chunked body is too large.
    // The buffer grows with what arrives instead of zero-filling the whole limit up front.
    const std::size_t wanted = declared > 0 ? static_cast<std::size_t>(declared) + 1 : limit + 1;
    auto& stream = raw.stream();
    std::size_t total = 0;
    char chunk[4096];
    while (total < wanted && stream) {
        stream.read(chunk, static_cast<std::streamsize>(std::min(sizeof chunk, wanted - total)));
        const auto got = static_cast<std::size_t>(stream.gcount());
        body.append(chunk, got);
        total += got;
    }
    return total > limit ? BodyRead::TooLarge : BodyRead::Ok;
}

// Reads and drops the rest of a refused body, so the client (which may still be sending it)
// receives the 413 and the connection can serve its next request. Bodies declared larger than
// `maxBytes` are not read at all; the connection is closed instead. True when fully consumed.
bool discardBody(Poco::Net::HTTPServerRequest& raw, std::size_t maxBytes) {
    if (raw.getContentLength64() > static_cast<Poco::Int64>(maxBytes))
        return false;
    auto& stream = raw.stream();
    char buffer[8192];
    std::size_t total = 0;
    while (stream && total <= maxBytes) {
        stream.read(buffer, sizeof buffer);
        total += static_cast<std::size_t>(stream.gcount());
    }
    return stream.eof() && total <= maxBytes;
}

class RequestHandler final : public Poco::Net::HTTPRequestHandler {
public:
    RequestHandler(const Router& router, Metrics& metrics, const DispatchPolicy& policy)
        : router_(router), metrics_(metrics), policy_(policy) {}

    void handleRequest(Poco::Net::HTTPServerRequest& raw,
                       Poco::Net::HTTPServerResponse& response) override {
        const auto started = std::chrono::steady_clock::now();
        metrics_.inFlight().fetch_add(1, std::memory_order_relaxed);
        if (policy_.admission)
            inFlight_.emplace(policy_.admission->protection());
        RouteMetrics* routeMetrics = &router_.unmatchedMetrics();
        HttpRequest request{raw, raw.getMethod(), {}, {}, {}, {}};
        bool bodyConsumed = false;
        const auto reply = dispatch(raw, request, routeMetrics, bodyConsumed);
        // An unread body is still on the wire, where it would be taken for the next request.
        if ((!bodyConsumed && carriesBody(raw)) ||
            (policy_.serving && !policy_.serving->load(std::memory_order_relaxed)))
            response.setKeepAlive(false);
        send(reply, response);
        metrics_.inFlight().fetch_sub(1, std::memory_order_relaxed);
        inFlight_.reset();
        const auto elapsed = std::chrono::steady_clock::now() - started;
        routeMetrics->record(reply.status, elapsed);
        metrics_.requestLatency().observe(elapsed);
    }

private:
    std::optional<HttpResponse> admit(const HttpRequest& request, const Route* route) {
        if (!policy_.admission)
            return std::nullopt;
        return policy_.admission->admit(request, route, !inFlight_ || inFlight_->admitted());
    }

    HttpResponse dispatch(Poco::Net::HTTPServerRequest& raw, HttpRequest& request,
                          RouteMetrics*& routeMetrics, bool& bodyConsumed) {
        try {
            if (request.raw.getURI().empty() || request.raw.getURI().front() != '/')
                return HttpResponse::error(ApiError::InvalidRequest,
                                           "the request target must be a path");
            parseTarget(request.raw.getURI(), request);
            if (policy_.guard)
                if (auto refused = policy_.guard(request))
                    return std::move(*refused);
            ApiError unmatched = ApiError::NotFound;
            const Route* route = router_.match(request, unmatched);
            if (!route) {
                if (auto refused = admit(request, nullptr))
                    return std::move(*refused);
                return HttpResponse::error(unmatched,
                                           unmatched == ApiError::MethodNotAllowed
                                               ? "this path does not accept " + request.method
                                               : "no such path: " + request.path);
            }
            routeMetrics = route->metrics;
            if (auto refused = admit(request, route)) {
                // A refused checkout's small body is read past, so the client keeps its
                // connection instead of adding a reconnect to the load.
                bodyConsumed = discardBody(raw, policy_.maxBodyBytes);
                return std::move(*refused);
            }
            if (readBody(raw, policy_.maxBodyBytes, request.body) == BodyRead::TooLarge) {
                bodyConsumed = discardBody(raw, maxDiscardedBytes);
                return HttpResponse::error(ApiError::PayloadTooLarge,
                                           "the body is larger than " +
                                               std::to_string(policy_.maxBodyBytes) + " bytes");
            }
            bodyConsumed = true;
            return route->handler(request);
        } catch (const StorageError& error) {
            httpLog()->error("{} {}: storage failed: {}", request.method, request.path,
                             error.what());
            return HttpResponse::error(ApiError::Unavailable, "storage is unavailable");
        } catch (const Poco::SyntaxException&) {
            return HttpResponse::error(ApiError::InvalidRequest, "malformed request target");
        } catch (const Poco::Exception& error) {
            // Socket timeouts and resets while reading the body: the client is gone or stalled.
            httpLog()->warn("{} {}: {}", request.method, request.path, error.displayText());
            return HttpResponse::error(ApiError::InvalidRequest, "the request could not be read");
        } catch (const std::exception& error) {
            httpLog()->error("{} {}: {}", request.method, request.path, error.what());
            return HttpResponse::error(ApiError::Internal, "internal error");
        }
    }

    static void send(const HttpResponse& reply, Poco::Net::HTTPServerResponse& response) {
        try {
            response.setStatusAndReason(
                static_cast<Poco::Net::HTTPResponse::HTTPStatus>(reply.status));
            if (!reply.contentType.empty())
                response.setContentType(reply.contentType);
            response.set(std::string(apiVersionHeader), std::string(apiVersion));
            for (const auto& [name, value] : reply.headers)
                response.set(name, value);
            // A 304 has no body, and a Content-Length would claim the size of the one it stands
            // for (RFC 9110, 8.6); Poco sends it without a body either way.
            if (reply.status == 304) {
                response.send().flush();
                return;
            }
            static const std::string empty;
            const auto& body = reply.body ? *reply.body : empty;
            // send() writes head and body through one buffer: one system call for most replies
            // where sendBuffer() makes two.
            response.setContentLength64(static_cast<Poco::Int64>(body.size()));
            response.send().write(body.data(), static_cast<std::streamsize>(body.size())).flush();
        } catch (const Poco::Exception& error) {
            httpLog()->debug("response not delivered: {}", error.displayText());
        }
    }

    const Router& router_;
    Metrics& metrics_;
    const DispatchPolicy& policy_;
    std::optional<Protection::InFlight> inFlight_; // counted for the whole request
};

} // namespace

RequestHandlerFactory::RequestHandlerFactory(const Router& router, Metrics& metrics,
                                             DispatchPolicy policy)
    : router_(router), metrics_(metrics), policy_(std::move(policy)) {}

Poco::Net::HTTPRequestHandler*
RequestHandlerFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new RequestHandler(router_, metrics_, policy_);
}

} // namespace topcoat::http

#include "HttpConnection.h"

#include "ApiError.h"
#include "HttpExchange.h"
#include "RequestDispatcher.h"

#include <Poco/Net/HTTPRequestHandler.h>
#include <Poco/Net/HTTPServerRequestImpl.h>
#include <Poco/Net/HTTPServerResponseImpl.h>
#include <Poco/Net/HTTPServerSession.h>
#include <Poco/Net/NetException.h>
#include <Poco/Timestamp.h>
#include <cerrno>
#include <chrono>
#include <memory>
#include <poll.h>

namespace topcoat::http {
namespace {

// Poco's HTTPServerSession::hasMoreRequests() polls through a fresh epoll instance each time
// (four system calls per request); one poll() does the same job.
class KeepAliveSession final : public Poco::Net::HTTPServerSession {
public:
    KeepAliveSession(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params)
        : HTTPServerSession(socket, params) {}

    // Waits until the next request starts arriving: true if it did, false on timeout or close.
    bool nextRequestArrives(std::chrono::milliseconds timeout) {
        if (buffered() > 0)
            return true; // pipelined: already read from the socket
        pollfd watched{socket().impl()->sockfd(), POLLIN, 0};
        int ready;
        do
            ready = ::poll(&watched, 1, static_cast<int>(timeout.count()));
        while (ready < 0 && errno == EINTR);
        return ready > 0;
    }
};

void sendMalformed(Poco::Net::HTTPServerSession& session) {
    Poco::Net::HTTPServerResponseImpl response(session);
    response.setVersion(Poco::Net::HTTPMessage::HTTP_1_1);
    response.setStatusAndReason(Poco::Net::HTTPResponse::HTTP_BAD_REQUEST);
    response.setKeepAlive(false);
    response.setContentType(std::string(jsonContentType));
    response.set(std::string(apiVersionHeader), std::string(apiVersion));
    const auto body = errorBody(ApiError::InvalidRequest, "malformed HTTP request");
    response.setContentLength64(static_cast<Poco::Int64>(body.size()));
    // send(), not sendBuffer(): with no parsed request attached, sendBuffer() omits the body.
    response.send() << body << std::flush;
    session.setKeepAlive(false);
}

} // namespace

void ConnectionRegistry::add(HttpConnection* connection) {
    std::lock_guard lock(mutex_);
    connections_.insert(connection);
    if (closing_)
        connection->shutdown();
}

void ConnectionRegistry::remove(HttpConnection* connection) {
    std::lock_guard lock(mutex_);
    connections_.erase(connection);
}

void ConnectionRegistry::closeAll() {
    std::lock_guard lock(mutex_);
    closing_ = true;
    for (auto* connection : connections_)
        connection->shutdown();
}

bool ConnectionRegistry::closing() const {
    std::lock_guard lock(mutex_);
    return closing_;
}

HttpConnection::HttpConnection(const Poco::Net::StreamSocket& socket,
                               Poco::Net::HTTPServerParams::Ptr params,
                               Poco::Net::HTTPRequestHandlerFactory& handlers,
                               ConnectionRegistry& registry)
    : TCPServerConnection(socket), params_(std::move(params)), handlers_(handlers),
      registry_(registry) {
    registry_.add(this);
}

HttpConnection::~HttpConnection() {
    registry_.remove(this);
}

void HttpConnection::shutdown() {
    try {
        socket().shutdown();
    } catch (const Poco::Exception&) {
        // Already closed by the peer: nothing left to wake.
    }
}

void HttpConnection::lingerBeforeClose() {
    // Closing with unread input makes the kernel reset the connection, which can destroy the
    // response before the client reads it. Finish sending, then read what is left for a moment.
    socket().shutdownSend();
    socket().setReceiveTimeout(Poco::Timespan(1, 0));
    char buffer[4096];
    for (std::size_t drained = 0; drained < 256 * 1024;) {
        const int received = socket().receiveBytes(buffer, sizeof buffer);
        if (received <= 0)
            break;
        drained += static_cast<std::size_t>(received);
    }
}

void HttpConnection::run() {
    KeepAliveSession session(socket(), params_);
    const auto firstWait = std::chrono::milliseconds(params_->getTimeout().totalMilliseconds());
    const auto idleWait =
        std::chrono::milliseconds(params_->getKeepAliveTimeout().totalMilliseconds());
    for (bool first = true; !registry_.closing(); first = false) {
        if (!first && !session.getKeepAlive())
            break;
        if (!session.nextRequestArrives(first ? firstWait : idleWait))
            break;
        try {
            Poco::Net::HTTPServerResponseImpl response(session);
            Poco::Net::HTTPServerRequestImpl request(response, session, params_.get());
            response.setDate(Poco::Timestamp());
            response.setVersion(request.getVersion());
            // Not session.canKeepAlive(): it counts requests in hasMoreRequests(), unused here.
            response.setKeepAlive(params_->getKeepAlive() && request.getKeepAlive());
            std::unique_ptr<Poco::Net::HTTPRequestHandler> handler(
                handlers_.createRequestHandler(request));
            if (request.getExpectContinue() &&
                response.getStatus() == Poco::Net::HTTPResponse::HTTP_OK)
                response.sendContinue();
            handler->handleRequest(request, response);
            session.setKeepAlive(params_->getKeepAlive() && response.getKeepAlive());
        } catch (const Poco::Net::NoMessageException&) {
            break; // the client closed the connection between requests
        } catch (const Poco::Net::MessageException&) {
            try {
                sendMalformed(session);
                lingerBeforeClose();
            } catch (const Poco::Exception&) {
                // The client is gone; there is nobody to tell.
            }
            break;
        } catch (const Poco::Exception&) {
            break; // timeouts and resets: the connection is finished
        }
    }
}

} // namespace topcoat::http

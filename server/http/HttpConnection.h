#pragma once

// Serves one client connection: the HTTP/1.1 request loop with keep-alive, thread-per-
// connection. Poco's own HTTPServerConnection answers unparseable requests (garbage request
// line, too many or too long headers) with a bare 400; this one answers them in the API's
// error shape like every other error, and can be aborted all together at shutdown.

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/TCPServerConnection.h>
#include <Poco/Net/TCPServerConnectionFactory.h>
#include <mutex>
#include <unordered_set>

namespace topcoat::http {

class HttpConnection;

// The connections alive right now, so shutdown can close the ones idling in keep-alive.
class ConnectionRegistry {
public:
    void add(HttpConnection* connection);
    void remove(HttpConnection* connection);
    // From now on connections end after their current request; idle ones are closed now.
    void closeAll();
    bool closing() const;

private:
    mutable std::mutex mutex_;
    std::unordered_set<HttpConnection*> connections_;
    bool closing_ = false;
};

class HttpConnection final : public Poco::Net::TCPServerConnection {
public:
    HttpConnection(const Poco::Net::StreamSocket& socket, Poco::Net::HTTPServerParams::Ptr params,
                   Poco::Net::HTTPRequestHandlerFactory& handlers, ConnectionRegistry& registry);
    ~HttpConnection() override;

    void run() override;
    void shutdown(); // wakes a read blocked on this connection

private:
    void lingerBeforeClose();

    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory& handlers_;
    ConnectionRegistry& registry_;
};

class HttpConnectionFactory final : public Poco::Net::TCPServerConnectionFactory {
public:
    HttpConnectionFactory(Poco::Net::HTTPServerParams::Ptr params,
                          Poco::Net::HTTPRequestHandlerFactory::Ptr handlers,
                          ConnectionRegistry& registry)
        : params_(std::move(params)), handlers_(std::move(handlers)), registry_(registry) {}

    Poco::Net::TCPServerConnection*
    createConnection(const Poco::Net::StreamSocket& socket) override {
        return new HttpConnection(socket, params_, *handlers_, registry_);
    }

private:
    Poco::Net::HTTPServerParams::Ptr params_;
    Poco::Net::HTTPRequestHandlerFactory::Ptr handlers_;
    ConnectionRegistry& registry_;
};

} // namespace topcoat::http

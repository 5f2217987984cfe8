#include "HttpServer.h"

#include <Poco/Net/HTTPServerParams.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/SocketAddress.h>

namespace topcoat::http {

HttpServer::HttpServer(const std::string& name, const std::string& host, std::uint16_t port,
                       Poco::Net::HTTPRequestHandlerFactory::Ptr factory,
                       const ServerLimits& limits) {
    Poco::Net::ServerSocket socket;
    socket.bind(Poco::Net::SocketAddress(host, port), true);
    socket.listen(limits.acceptBacklog);
    port_ = socket.address().port();

    // Shared by the server and the connection factory: the smart pointer counts both owners
    // (handing the same raw pointer to two of them would free it twice).
    Poco::Net::HTTPServerParams::Ptr params = new Poco::Net::HTTPServerParams;
    params->setMaxThreads(limits.maxConnections);
    params->setMaxQueued(limits.maxQueued);
    params->setThreadIdleTime(Poco::Timespan(60, 0));
    params->setTimeout(Poco::Timespan(limits.readTimeout.count(), 0));
    params->setKeepAlive(true);
    params->setKeepAliveTimeout(Poco::Timespan(limits.keepAliveTimeout.count(), 0));
    params->setMaxKeepAliveRequests(0); // unlimited: reconnecting costs more than serving
    params->setServerName(name);

    pool_ = std::make_unique<Poco::ThreadPool>(name, 4, limits.maxConnections + 16, 60,
                                               limits.stackBytes);
    server_ = std::make_unique<Poco::Net::TCPServer>(
        new HttpConnectionFactory(params, factory, connections_), *pool_, socket,
        Poco::Net::TCPServerParams::Ptr(params));
}

HttpServer::~HttpServer() {
    closeConnections();
}

void HttpServer::start() {
    server_->start();
}

void HttpServer::stopAccepting() {
    server_->stop();
}

void HttpServer::closeConnections() {
    if (closed_)
        return;
    closed_ = true;
    server_->stop();
    connections_.closeAll();
    pool_->joinAll();
    server_.reset();
}

} // namespace topcoat::http

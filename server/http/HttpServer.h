#pragma once

// One listening Poco HTTP server sized for a flash sale: thread-per-connection with a pool
// large enough for thousands of keep-alive connections, a deep accept backlog, and read
// deadlines so a slow or silent client cannot hold a thread for ever.

#include "HttpConnection.h"

#include <Poco/Net/HTTPRequestHandlerFactory.h>
#include <Poco/Net/TCPServer.h>
#include <Poco/ThreadPool.h>
#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

namespace topcoat::http {

struct ServerLimits {
    int maxConnections = 2500;                 // one thread each
    int acceptBacklog = 4096;                  // connections waiting for accept()
    int maxQueued = 4096;                      // accepted, waiting for a thread
    std::chrono::seconds readTimeout{10};      // per read, headers and body
    std::chrono::seconds keepAliveTimeout{15}; // idle time between requests
    int stackBytes = 512 * 1024;               // per connection thread
};

class HttpServer {
public:
    // Binds and listens immediately (so the port is known), but accepts only after start().
    HttpServer(const std::string& name, const std::string& host, std::uint16_t port,
               Poco::Net::HTTPRequestHandlerFactory::Ptr factory, const ServerLimits& limits);
    ~HttpServer();

    std::uint16_t port() const { return port_; }
    void start();
    // Closes the listening socket; connections already open keep being served.
    void stopAccepting();
    // Closes every connection, waiting ones included, and joins the threads.
    void closeConnections();

private:
    std::uint16_t port_ = 0;
    std::unique_ptr<Poco::ThreadPool> pool_;
    ConnectionRegistry connections_;
    std::unique_ptr<Poco::Net::TCPServer> server_;
    bool closed_ = false;
};

} // namespace topcoat::http

#pragma once

// One listening HTTP/1.1 server built for a flash-sale crowd: an I/O thread watches every
// connection with epoll and buffers each request until it is whole, and only then runs it: on
// a fixed pool of workers, or on the I/O thread itself for a route that answers at once from
// memory. An idle or slowly arriving connection costs a socket and a small buffer, never a
// thread; deadlines, buffer caps and a per-client connection gate keep slow and hostile
// clients from holding anything a buyer needs.

#include "HttpExchange.h"
#include "RequestParser.h"

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace topcoat {
class ConnectionGate;
}

namespace topcoat::http {

struct ServerLimits {
    std::size_t workers = 0;        // 0: defaultWorkerCount()
    std::size_t maxConnections = 0; // 0: 1,024; beyond it the oldest idle ones are closed
    int acceptBacklog = 4096;
    ParserLimits request;
    std::chrono::milliseconds firstRequestTimeout{10'000}; // connect to first byte
    std::chrono::milliseconds keepAliveTimeout{15'000};    // between requests
    std::chrono::milliseconds headTimeout{10'000};         // first byte to end of head
    std::chrono::milliseconds bodyGrace{5'000};            // before the body rate is checked
    std::size_t minBodyBytesPerSecond = 1000;
    std::chrono::milliseconds writeTimeout{15'000}; // a client that stops reading its answer
    std::chrono::milliseconds drainGrace{1'000};    // for a request still arriving at shutdown
};

// What the server runs for each whole request. Must not throw.
class RequestHandler {
public:
    virtual ~RequestHandler() = default;
    // True when handle() answers this request at once, never waiting on a lock held for long,
    // the disk or the database: it then runs on the I/O thread, which saves the trip to a
    // worker and back. Everything else runs on a worker.
    virtual bool quick(const HttpRequest& request) const = 0;
    virtual HttpResponse handle(HttpRequest& request) = 0;
};

class HttpServer {
public:
    // Binds and listens at once (so the port is known; a taken port throws, naming `role`),
    // but accepts only after start(). `inFlight` counts requests from the moment they are
    // whole until their answer is written. `gate`, when given, may refuse new connections.
    HttpServer(const std::string& role, const std::string& host, std::uint16_t port,
               RequestHandler& handler, std::atomic<std::int64_t>& inFlight,
               const ServerLimits& limits, ConnectionGate* gate = nullptr);
    ~HttpServer();

    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    std::uint16_t port() const;
    void start();
    // Stops accepting and closes idle connections now; answers still being worked on close
    // their connection; a request still arriving gets drainGrace, then a 408.
    void drain();
    // True once every connection is gone (after drain()), false if `timeout` passed first.
    bool waitUntilDrained(std::chrono::milliseconds timeout);
    // Closes whatever is left once workers are done with it, and joins every thread.
    void stop();

private:
    class Loop;
    std::unique_ptr<Loop> loop_;
};

} // namespace topcoat::http

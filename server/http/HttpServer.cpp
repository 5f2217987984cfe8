#include "HttpServer.h"

#include "ListeningSocket.h"
#include "ResponseWriter.h"
#include "WorkerPool.h"
#include "server/core/ConnectionGate.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <condition_variable>
#include <fcntl.h>
#include <mutex>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <spdlog/spdlog.h>
#include <stdexcept>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace topcoat::http {
namespace {

using Clock = std::chrono::steady_clock;

constexpr auto sweepInterval = std::chrono::milliseconds(250);
constexpr auto lingerTime = std::chrono::seconds(1);
constexpr std::size_t maxLingerBytes = 256 * 1024;
constexpr int acceptsPerWakeup = 256;

std::shared_ptr<spdlog::logger> httpLog() {
    auto logger = spdlog::get("http");
    return logger ? logger : spdlog::default_logger();
}

NetworkAddress peerOf(const sockaddr_storage& address) {
    if (address.ss_family == AF_INET6)
        return NetworkAddress::fromBytes(
            &reinterpret_cast<const sockaddr_in6*>(&address)->sin6_addr, 16);
    return NetworkAddress::fromBytes(&reinterpret_cast<const sockaddr_in*>(&address)->sin_addr, 4);
}

enum class Phase {
    Idle,      // waiting for the first byte of a request
    Reading,   // a request has begun to arrive
    Working,   // whole, queued for or running on a worker: the worker owns the connection
    Writing,   // an answer is waiting for the socket to take it
    Lingering, // answered and closing: reading what the client still sends, so the kernel
               // does not reset the connection before the client has read the answer
};

struct Connection {
    int fd = -1;
    NetworkAddress peer;
    bool gated = false;    // the gate counted it
    std::size_t index = 0; // in Loop::connections_
    Phase phase = Phase::Idle;
    Clock::time_point since; // when the phase began, or the last write progress
    Clock::time_point requestStarted;
    Clock::time_point headDone;
    bool headSeen = false;
    bool served = false;     // answered at least once: idle time is keep-alive time
    bool readable = false;   // the kernel may hold unread bytes (epoll is edge-triggered)
    bool peerClosed = false; // the client sent FIN
    bool closeAfterWrite = false;
    bool writeFailed = false;
    bool continueSent = false;
    bool watchingWrites = false;
    bool closed = false;
    std::size_t lingered = 0;
    std::string in;
    std::string out;
    std::size_t outSent = 0;
    RequestParser parser;
    HttpRequest request; // whole, being answered

    explicit Connection(const ParserLimits& limits) : parser(limits) {}
    bool outputPending() const { return outSent < out.size(); }
};

// Sends what is left of `out`; false when the connection is broken.
bool flush(Connection& c) {
    while (c.outputPending()) {
        const auto sent = ::send(c.fd, c.out.data() + c.outSent, c.out.size() - c.outSent,
                                 MSG_NOSIGNAL | MSG_DONTWAIT);
        if (sent > 0) {
            c.outSent += static_cast<std::size_t>(sent);
        } else if (sent < 0 && errno == EINTR) {
            continue;
        } else {
            return sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK);
        }
    }
    return true;
}

// Keeps an idle connection small: its buffers go back to the allocator.
void release(std::string& buffer) {
    std::string().swap(buffer);
}

} // namespace

class HttpServer::Loop {
public:
    Loop(const std::string& role, const std::string& host, std::uint16_t port,
         RequestHandler& handler, std::atomic<std::int64_t>& inFlight, const ServerLimits& limits,
         ConnectionGate* gate)
        : role_(role), handler_(handler), inFlight_(inFlight), limits_(limits), gate_(gate),
          listener_(role, host, port, limits.acceptBacklog),
          workers_(role, limits.workers ? limits.workers : defaultWorkerCount()),
          maxConnections_(limits.maxConnections ? limits.maxConnections : 1024),
          maxBuffered_(limits.request.maxHeadBytes + 8 * limits.request.maxBodyBytes) {
        epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
        wake_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
        reserve_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (epoll_ < 0 || wake_ < 0)
            throw std::runtime_error("cannot set up the " + role + " server's event loop");
        watch(listener_.fd(), &listener_, EPOLLIN);
        watch(wake_, &wake_, EPOLLIN);
    }

    ~Loop() {
        stop();
        for (const int fd : {epoll_, wake_, reserve_})
            if (fd >= 0)
                ::close(fd);
    }

    std::uint16_t port() const { return listener_.port(); }

    void start() {
        thread_ = std::thread([this] { run(); });
        pthread_setname_np(thread_.native_handle(), (role_ + "-io").substr(0, 15).c_str());
    }

    void drain() {
        draining_ = true;
        wakeUp();
    }

    bool waitUntilDrained(std::chrono::milliseconds timeout) {
        std::unique_lock lock(drainedMutex_);
        return drainedChanged_.wait_for(lock, timeout, [this] { return drained_; });
    }

    void stop() {
        if (!thread_.joinable()) {
            workers_.stop();
            return;
        }
        draining_ = true;
        stopping_ = true;
        wakeUp();
        thread_.join();
        workers_.stop();
    }

private:
    void watch(int fd, void* tag, std::uint32_t events) {
        epoll_event event{};
        event.events = events;
        event.data.ptr = tag;
        ::epoll_ctl(epoll_, EPOLL_CTL_ADD, fd, &event);
    }

    void wakeUp() {
        const std::uint64_t one = 1;
        [[maybe_unused]] const auto written = ::write(wake_, &one, sizeof one);
    }

    void run() {
        std::vector<epoll_event> events(512);
        auto nextSweep = Clock::now() + sweepInterval;
        while (true) {
            const auto wait =
                std::chrono::ceil<std::chrono::milliseconds>(nextSweep - Clock::now());
            const int ready =
                ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                             static_cast<int>(std::max<std::int64_t>(0, wait.count())));
            const auto now = Clock::now();
            for (int i = 0; i < ready; ++i) {
                void* tag = events[i].data.ptr;
                if (tag == &listener_)
                    accept(now);
                else if (tag == &wake_)
                    onWakeUp(now);
                else if (auto* c = static_cast<Connection*>(tag); !c->closed)
                    onEvent(*c, events[i].events, now);
            }
            if (now >= nextSweep) {
                sweep(now);
                nextSweep = now + sweepInterval;
            }
            closed_.clear(); // no event of this round refers to them any more
            if (draining_ && connections_.empty()) {
                {
                    std::lock_guard lock(drainedMutex_);
                    drained_ = true;
                }
                drainedChanged_.notify_all();
                if (stopping_)
                    return;
            }
        }
    }

    // ------------------------------------------------------------------ connections

    void accept(Clock::time_point now) {
        for (int i = 0; i < acceptsPerWakeup && listener_.fd() >= 0; ++i) {
            sockaddr_storage address{};
            socklen_t length = sizeof address;
            const int fd = ::accept4(listener_.fd(), reinterpret_cast<sockaddr*>(&address), &length,
                                     SOCK_NONBLOCK | SOCK_CLOEXEC);
            if (fd < 0) {
                if (errno == EINTR || errno == ECONNABORTED)
                    continue;
                if (errno == EMFILE || errno == ENFILE) {
                    onDescriptorsExhausted();
                    continue;
                }
                return; // EAGAIN: nobody else is waiting
            }
            if (connections_.size() >= maxConnections_ && closeOldestIdle() == 0) {
                ::close(fd); // every connection is busy: a new one cannot be served
                continue;
            }
            const auto peer = peerOf(address);
            if (gate_ && !gate_->opened(peer)) {
                ::close(fd);
                continue;
            }
            const int on = 1;
            ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
            auto connection = std::make_unique<Connection>(limits_.request);
            auto& c = *connection;
            c.fd = fd;
            c.peer = peer;
            c.gated = gate_ != nullptr;
            c.since = now;
            c.index = connections_.size();
            connections_.push_back(std::move(connection));
            watch(fd, &c, EPOLLIN | EPOLLRDHUP | EPOLLET);
        }
    }

    // Out of descriptors: make room by closing idle connections; with none to close, take the
    // waiting connection with the spare descriptor and close it, so it is not left hanging.
    void onDescriptorsExhausted() {
        if (closeOldestIdle() > 0)
            return;
        if (reserve_ >= 0) {
            ::close(reserve_);
            const int fd = ::accept4(listener_.fd(), nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0)
                ::close(fd);
            reserve_ = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        }
        httpLog()->warn("{}: out of file descriptors with no idle connection to close", role_);
    }

    // Closes the longest-idle connections, a batch at a time so that a run of new ones does
    // not sort the table for each; returns how many were closed.
    std::size_t closeOldestIdle() {
        std::vector<Connection*> idle;
        for (const auto& c : connections_)
            if (c->phase == Phase::Idle)
                idle.push_back(c.get());
        const auto count =
            std::min(idle.size(), std::max<std::size_t>(1, connections_.size() / 64));
        std::partial_sort(
            idle.begin(), idle.begin() + static_cast<std::ptrdiff_t>(count), idle.end(),
            [](const Connection* a, const Connection* b) { return a->since < b->since; });
        for (std::size_t i = 0; i < count; ++i)
            close(*idle[i]);
        if (count > 0)
            httpLog()->info("{}: {} connections open, closed the {} idle longest", role_,
                            connections_.size() + count, count);
        return count;
    }

    void close(Connection& c) {
        if (c.closed)
            return;
        c.closed = true;
        ::close(c.fd);
        if (c.gated)
            gate_->closed(c.peer);
        // Swap-remove; the object lives until the end of this round of events.
        auto& last = connections_.back();
        last->index = c.index;
        std::swap(connections_[c.index], last);
        closed_.push_back(std::move(connections_.back()));
        connections_.pop_back();
    }

    // ------------------------------------------------------------------ events

    void onEvent(Connection& c, std::uint32_t events, Clock::time_point now) {
        if (events & (EPOLLIN | EPOLLRDHUP | EPOLLHUP | EPOLLERR))
            c.readable = true;
        if (c.phase == Phase::Working)
            return; // noted; looked at when the worker gives the connection back
        advance(c, now);
    }

    void advance(Connection& c, Clock::time_point now) {
        switch (c.phase) {
        case Phase::Writing:
            continueWriting(c, now);
            return;
        case Phase::Lingering:
            discardInput(c);
            return;
        case Phase::Idle:
        case Phase::Reading:
            if (c.readable && !readInput(c)) {
                close(c);
                return;
            }
            processInput(c, now);
            return;
        case Phase::Working:
            return;
        }
    }

    // Reads what the kernel holds, up to the buffer cap; false when the connection is broken.
    bool readInput(Connection& c) {
        while (c.readable && c.in.size() < maxBuffered_) {
            const auto wanted = std::min(sizeof scratch_, maxBuffered_ - c.in.size());
            const auto got = ::recv(c.fd, scratch_, wanted, 0);
            if (got > 0) {
                c.in.append(scratch_, static_cast<std::size_t>(got));
                // A short read emptied the socket: the next byte brings a new edge.
                c.readable = static_cast<std::size_t>(got) == wanted;
            } else if (got == 0) {
                c.peerClosed = true;
                c.readable = false;
            } else if (errno == EAGAIN || errno == EWOULDBLOCK) {
                c.readable = false;
            } else if (errno != EINTR) {
                return false;
            }
        }
        return true;
    }

    void processInput(Connection& c, Clock::time_point now) {
        if (c.in.empty()) {
            if (c.peerClosed)
                close(c);
            return;
        }
        const auto status = c.parser.parse(c.in);
        if (c.parser.started() && c.phase == Phase::Idle) {
            c.phase = Phase::Reading;
            c.requestStarted = now;
        }
        if (c.parser.headComplete() && !c.headSeen) {
            c.headSeen = true;
            c.headDone = now;
        }
        switch (status) {
        case RequestParser::Status::Complete: {
            auto parsed = c.parser.take();
            c.in.erase(0, parsed.bytes);
            c.headSeen = false;
            c.continueSent = false;
            c.request = std::move(parsed.request);
            c.request.peer = c.peer;
            inFlight_.fetch_add(1, std::memory_order_relaxed);
            if (handler_.quick(c.request)) {
                answer(c); // cheaper here than the trip to a worker and back
                finishResponse(c, now);
                return;
            }
            c.phase = Phase::Working;
            workers_.post([this, &c] {
                answer(c);
                giveBack(c);
            });
            return;
        }
        case RequestParser::Status::Failed:
            refuse(c, c.parser.failure().error, c.parser.failure().message, now);
            return;
        case RequestParser::Status::NeedMore:
            break;
        }
        if (c.peerClosed) {
            close(c); // the rest of the request will never come
            return;
        }
        if (c.in.size() >= maxBuffered_) {
            refuse(c, ApiError::PayloadTooLarge, "the request is too large", now);
            return;
        }
        if (c.parser.awaitsContinue() && !c.continueSent) {
            c.continueSent = true;
            c.out.assign(continueResponse);
            c.outSent = 0;
            if (!flush(c) || c.outputPending()) {
                close(c); // a client that cannot take 25 bytes is not reading
                return;
            }
            release(c.out);
            c.outSent = 0;
        }
    }

    // Answers with an error and closes: after a request the server refuses, nothing more on
    // the connection can be trusted to be where the client meant it.
    void refuse(Connection& c, ApiError error, std::string_view message, Clock::time_point now) {
        c.out.clear();
        c.outSent = 0;
        appendResponse(c.out, HttpResponse::error(error, message), {.keepAlive = false});
        c.closeAfterWrite = true;
        c.writeFailed = !flush(c);
        finishResponse(c, now);
    }

    // ------------------------------------------------------------------ workers

    // Runs the route for c.request and writes its answer as far as the socket takes it.
    void answer(Connection& c) {
        auto& request = c.request;
        HttpResponse response;
        try {
            response = handler_.handle(request);
        } catch (const std::exception& error) {
            httpLog()->error("{} {}: {}", request.method, request.target, error.what());
            response = HttpResponse::error(ApiError::Internal, "internal error");
        }
        const bool keepAlive = request.keepAlive && !draining_ && !c.peerClosed;
        c.out.clear();
        c.outSent = 0;
        appendResponse(c.out, response,
                       {.keepAlive = keepAlive,
                        .http10KeepAlive = keepAlive && request.minorVersion == 0,
                        .headOnly = request.method == "HEAD"});
        c.closeAfterWrite = !keepAlive;
        c.writeFailed = !flush(c);
        inFlight_.fetch_sub(1, std::memory_order_relaxed);
        request = HttpRequest();
    }

    void giveBack(Connection& c) {
        bool wasEmpty;
        {
            std::lock_guard lock(returnedMutex_);
            wasEmpty = returned_.empty();
            returned_.push_back(&c);
        }
        if (wasEmpty)
            wakeUp();
    }

    void onWakeUp(Clock::time_point now) {
        std::uint64_t count;
        [[maybe_unused]] const auto got = ::read(wake_, &count, sizeof count);
        if (draining_ && !drainStarted_)
            beginDrain(now);
        std::vector<Connection*> returned;
        {
            std::lock_guard lock(returnedMutex_);
            returned.swap(returned_);
        }
        for (auto* c : returned)
            finishResponse(*c, now);
        if (stopping_)
            for (auto i = connections_.size(); i-- > 0;)
                if (connections_[i]->phase != Phase::Working)
                    close(*connections_[i]);
    }

    void beginDrain(Clock::time_point now) {
        drainStarted_ = true;
        drainStart_ = now;
        ::epoll_ctl(epoll_, EPOLL_CTL_DEL, listener_.fd(), nullptr);
        listener_.close();
        for (auto i = connections_.size(); i-- > 0;)
            if (connections_[i]->phase == Phase::Idle)
                close(*connections_[i]);
    }

    // ------------------------------------------------------------------ writing

    // An answer has been written as far as the socket took it (by a worker or by refuse()).
    void finishResponse(Connection& c, Clock::time_point now) {
        c.phase = Phase::Writing;
        c.since = now;
        if (c.writeFailed) {
            close(c);
            return;
        }
        if (c.outputPending()) {
            watchWrites(c, true);
            return;
        }
        answered(c, now);
    }

    void continueWriting(Connection& c, Clock::time_point now) {
        const auto before = c.outSent;
        if (!flush(c)) {
            close(c);
            return;
        }
        if (c.outSent != before)
            c.since = now;
        if (!c.outputPending())
            answered(c, now);
    }

    void watchWrites(Connection& c, bool on) {
        if (c.watchingWrites == on)
            return;
        c.watchingWrites = on;
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP | EPOLLET | (on ? EPOLLOUT : 0u);
        event.data.ptr = &c;
        ::epoll_ctl(epoll_, EPOLL_CTL_MOD, c.fd, &event);
    }

    void answered(Connection& c, Clock::time_point now) {
        watchWrites(c, false);
        release(c.out);
        c.outSent = 0;
        if (c.closeAfterWrite) {
            startLingering(c, now);
            return;
        }
        c.phase = Phase::Idle;
        c.served = true;
        c.since = now;
        if (c.in.empty())
            release(c.in);
        if (draining_ && c.in.empty() && !c.readable) {
            close(c);
            return;
        }
        advance(c, now); // a pipelined request may already be here
    }

    void startLingering(Connection& c, Clock::time_point now) {
        ::shutdown(c.fd, SHUT_WR);
        c.phase = Phase::Lingering;
        c.since = now;
        release(c.in);
        c.readable = true;
        discardInput(c);
    }

    void discardInput(Connection& c) {
        while (c.readable) {
            const auto got = ::recv(c.fd, scratch_, sizeof scratch_, 0);
            if (got > 0) {
                c.lingered += static_cast<std::size_t>(got);
                if (c.lingered > maxLingerBytes) {
                    close(c);
                    return;
                }
            } else if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
                c.readable = false;
            } else if (got == 0 || errno != EINTR) {
                close(c); // the client has read its answer and gone
                return;
            }
        }
    }

    // ------------------------------------------------------------------ time

    void sweep(Clock::time_point now) {
        const bool drainOver = drainStarted_ && now - drainStart_ >= limits_.drainGrace;
        for (auto i = connections_.size(); i-- > 0;) {
            auto& c = *connections_[i];
            switch (c.phase) {
            case Phase::Idle:
                if (drainStarted_ || now - c.since >= (c.served ? limits_.keepAliveTimeout
                                                                : limits_.firstRequestTimeout))
                    close(c);
                break;
            case Phase::Reading:
                if (drainOver || tooSlow(c, now))
                    refuse(c, ApiError::RequestTimeout,
                           drainOver ? "the server is shutting down"
                                     : "the request did not arrive in time",
                           now);
                break;
            case Phase::Writing:
                if (drainOver || now - c.since >= limits_.writeTimeout)
                    close(c);
                break;
            case Phase::Lingering:
                if (now - c.since >= lingerTime)
                    close(c);
                break;
            case Phase::Working:
                break;
            }
        }
    }

    bool tooSlow(const Connection& c, Clock::time_point now) const {
        if (!c.headSeen)
            return now - c.requestStarted >= limits_.headTimeout;
        const auto late = now - c.headDone - limits_.bodyGrace;
        if (late <= Clock::duration::zero())
            return false;
        const auto owed = limits_.minBodyBytesPerSecond *
                          std::chrono::duration_cast<std::chrono::milliseconds>(late).count() /
                          1000;
        return c.parser.bodyBytesReceived() < static_cast<std::size_t>(owed);
    }

    const std::string role_;
    RequestHandler& handler_;
    std::atomic<std::int64_t>& inFlight_;
    const ServerLimits limits_;
    ConnectionGate* const gate_;
    ListeningSocket listener_;
    WorkerPool workers_;
    const std::size_t maxConnections_;
    // Unparsed input per connection: a whole head and body with room for chunk framing (a
    // body in 1-byte chunks takes six bytes a byte); beyond it a request is 413.
    const std::size_t maxBuffered_;
    int epoll_ = -1;
    int wake_ = -1;
    int reserve_ = -1; // a spare descriptor, given up to refuse a connection when none is left
    std::thread thread_;
    char scratch_[64 * 1024];

    // Owned by the I/O thread.
    std::vector<std::unique_ptr<Connection>> connections_;
    std::vector<std::unique_ptr<Connection>> closed_;
    bool drainStarted_ = false;
    Clock::time_point drainStart_;

    // Shared with the workers and the owner.
    std::atomic<bool> draining_{false};
    std::atomic<bool> stopping_{false};
    std::mutex returnedMutex_;
    std::vector<Connection*> returned_;
    std::mutex drainedMutex_;
    std::condition_variable drainedChanged_;
    bool drained_ = false;
};

HttpServer::HttpServer(const std::string& role, const std::string& host, std::uint16_t port,
                       RequestHandler& handler, std::atomic<std::int64_t>& inFlight,
                       const ServerLimits& limits, ConnectionGate* gate)
    : loop_(std::make_unique<Loop>(role, host, port, handler, inFlight, limits, gate)) {}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const {
    return loop_->port();
}

void HttpServer::start() {
    loop_->start();
}

void HttpServer::drain() {
    loop_->drain();
}

bool HttpServer::waitUntilDrained(std::chrono::milliseconds timeout) {
    return loop_->waitUntilDrained(timeout);
}

void HttpServer::stop() {
    loop_->stop();
}

} // namespace topcoat::http

// A crowd of connections to one HTTP server, for the front-door benchmark: connections that
// each send one request and then sit idle, that poll GET /api/stock the way an open storefront
// page does (If-None-Match of the last ETag), or that trickle a request head one byte at a time
// and never finish it. One epoll loop, Linux only. Prints a `ready` line once every connection
// has had its first outcome, and what it achieved when it ends (after --duration, or on
// SIGTERM/SIGINT), each figure line as `word key=value ...` for a script to pick out.
//
//   connection_crowd --mode idle|poll-stock|slow-headers --count N --port P [--host 127.0.0.1]
//       [--path /api/stock] [--interval S] [--duration S] [--timeout S] [--ramp-timeout S]
//       [--connecting N] [--rss-pid PID]

#include <algorithm>
#include <arpa/inet.h>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <functional>
#include <map>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <queue>
#include <random>
#include <string>
#include <string_view>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

namespace {

enum class Mode { Idle, PollStock, SlowHeaders };

struct Options {
    Mode mode = Mode::Idle;
    int count = 1000;
    std::string host = "127.0.0.1";
    int port = 0;
    std::string path = "/api/stock";
    double interval = 5;     // poll-stock: between polls; slow-headers: between header bytes
    double duration = 0;     // seconds to hold after ready; 0: until a signal
    double timeout = 10;     // for a connect and for a response
    double rampTimeout = 60; // ready at the latest this long after the start
    int connecting = 256;    // connects in progress at once
    int rssPid = 0;
};

using Millis = std::int64_t;

Millis now() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

Millis toMillis(double seconds) {
    return static_cast<Millis>(seconds * 1000);
}

volatile std::sig_atomic_t stopRequested = 0;

extern "C" void onStopSignal(int) {
    stopRequested = 1;
}

long rssKib(int pid) {
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);)
        if (line.rfind("VmRSS:", 0) == 0)
            return std::strtol(line.c_str() + 6, nullptr, 10);
    return -1;
}

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

struct Response {
    int status = 0;
    std::string etag;
    bool close = false;
};

// Length of the one complete response at the front of `input`: 0 while incomplete, -1 when it
// is not HTTP. Bodies are framed by Content-Length or chunked; anything else ends at close, so
// is complete only `atClose`.
long completeResponse(std::string_view input, Response& out, bool atClose = false) {
    const auto headEnd = input.find("\r\n\r\n");
    if (headEnd == std::string_view::npos)
        return 0;
    if (input.substr(0, 9).rfind("HTTP/1.", 0) != 0 || input.size() < 12)
        return -1;
    out = Response{};
    out.status = std::atoi(std::string(input.substr(9, 3)).c_str());
    long contentLength = -1;
    bool chunked = false;
    for (auto at = input.find("\r\n") + 2; at < headEnd;) {
        const auto lineEnd = input.find("\r\n", at);
        const auto line = input.substr(at, lineEnd - at);
        at = lineEnd + 2;
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        const auto name = line.substr(0, colon);
        auto value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ')
            value.remove_prefix(1);
        if (equalsIgnoreCase(name, "Content-Length"))
            contentLength = std::atol(std::string(value).c_str());
        else if (equalsIgnoreCase(name, "Transfer-Encoding"))
            chunked = value.find("chunked") != std::string_view::npos;
        else if (equalsIgnoreCase(name, "ETag"))
            out.etag = value;
        else if (equalsIgnoreCase(name, "Connection"))
            out.close = equalsIgnoreCase(value, "close");
    }
    const auto bodyStart = static_cast<long>(headEnd + 4);
    if (out.status == 304 || out.status == 204 || out.status / 100 == 1)
        return bodyStart;
    if (contentLength >= 0) {
        const auto end = bodyStart + contentLength;
        return static_cast<long>(input.size()) >= end ? end : 0;
    }
    if (!chunked)
        return atClose ? static_cast<long>(input.size()) : 0;
    for (auto at = static_cast<std::size_t>(bodyStart);;) {
        const auto sizeEnd = input.find("\r\n", at);
        if (sizeEnd == std::string_view::npos)
            return 0;
        const auto size =
            std::strtol(std::string(input.substr(at, sizeEnd - at)).c_str(), nullptr, 16);
        if (size == 0) {
            const auto trailerEnd = input.find("\r\n\r\n", sizeEnd);
            return trailerEnd == std::string_view::npos ? 0 : static_cast<long>(trailerEnd + 4);
        }
        at = sizeEnd + 2 + static_cast<std::size_t>(size) + 2;
        if (at > input.size())
            return 0;
    }
}

enum class State { Waiting, Connecting, Requesting, Idle, Trickling, Done };

struct Connection {
    int fd = -1;
    State state = State::Waiting;
    Millis due = -1;       // when the current state's timer fires; -1: none
    bool settled = false;  // has had its first outcome
    bool answered = false; // the current socket has answered a request
    std::string etag;
    std::string input;
};

struct Tally {
    long opened = 0, connectFailed = 0, dropped = 0, timeouts = 0, closedIdle = 0;
    long requests = 0, responses = 0, bytesTrickled = 0, malformed = 0;
    std::map<int, long> statuses;
    std::string firstError;
};

class Crowd {
public:
    explicit Crowd(const Options& options)
        : options_(options), connections_(static_cast<std::size_t>(options.count)),
          random_(std::random_device{}()) {
        epoll_ = epoll_create1(EPOLL_CLOEXEC);
        address_.sin_family = AF_INET;
        address_.sin_port = htons(static_cast<std::uint16_t>(options.port));
        if (inet_pton(AF_INET, options.host.c_str(), &address_.sin_addr) != 1) {
            std::fprintf(stderr, "connection_crowd: --host must be an IPv4 address\n");
            std::exit(2);
        }
        for (int i = 0; i < options.count; ++i)
            toConnect_.push_back(i);
    }

    void run() {
        const Millis started = now();
        const long rssBefore = options_.rssPid ? rssKib(options_.rssPid) : -1;
        Millis readyAt = -1, rssAt = -1, endAt = -1;
        long rssAfter = -1, openAtReady = 0, heldAtRss = 0;
        std::vector<epoll_event> events(1024);
        while (!stopRequested) {
            startConnects();
            const Millis t = now();
            if (readyAt < 0 &&
                (settled_ == options_.count || t - started >= toMillis(options_.rampTimeout))) {
                readyAt = t;
                openAtReady = openNow();
                std::printf("ready seconds=%.2f open=%ld settled=%ld of=%d\n",
                            static_cast<double>(t - started) / 1000, openAtReady, settled_,
                            options_.count);
                std::fflush(stdout);
                rssAt = t + 1000; // let the server finish what the last responses started
                if (options_.duration > 0)
                    endAt = std::max(rssAt, t + toMillis(options_.duration));
            }
            if (rssAt >= 0 && rssAfter < 0 && t >= rssAt) {
                rssAfter = options_.rssPid ? rssKib(options_.rssPid) : 0;
                heldAtRss = options_.mode == Mode::Idle ? answeredNow() : openNow();
            }
            if (endAt >= 0 && t >= endAt)
                break;
            Millis wait = 100;
            if (!timers_.empty())
                wait = std::clamp<Millis>(timers_.top().first - t, 0, 100);
            const int ready = epoll_wait(epoll_, events.data(), static_cast<int>(events.size()),
                                         static_cast<int>(wait));
            if (ready < 0 && errno != EINTR)
                fail("epoll_wait");
            for (int i = 0; i < ready; ++i)
                onEvent(static_cast<int>(events[static_cast<std::size_t>(i)].data.u32),
                        events[static_cast<std::size_t>(i)].events);
            fireTimers(now());
        }
        report(started, openAtReady, rssBefore, rssAfter, heldAtRss);
        for (std::size_t i = 0; i < connections_.size(); ++i)
            abort(static_cast<int>(i));
    }

private:
    Connection& at(int index) { return connections_[static_cast<std::size_t>(index)]; }

    [[noreturn]] static void fail(const char* what) {
        std::perror(what);
        std::exit(2);
    }

    void note(const char* what) {
        if (tally_.firstError.empty())
            tally_.firstError = std::string(what) + ": " + std::strerror(errno);
    }

    long openNow() const {
        return std::count_if(connections_.begin(), connections_.end(), [](const Connection& c) {
            return c.fd >= 0 && c.state != State::Connecting;
        });
    }

    long answeredNow() const {
        return std::count_if(connections_.begin(), connections_.end(),
                             [](const Connection& c) { return c.fd >= 0 && c.answered; });
    }

    void schedule(int index, Millis due) {
        at(index).due = due;
        timers_.emplace(due, index);
    }

    double uniform(double low, double high) {
        return std::uniform_real_distribution<double>(low, high)(random_);
    }

    // Pages do not poll in step: each period is 0.8-1.2 times the interval.
    Millis jittered(double seconds) { return toMillis(seconds * uniform(0.8, 1.2)); }

    void settle(Connection& connection) {
        if (!connection.settled) {
            connection.settled = true;
            ++settled_;
        }
    }

    void startConnects() {
        while (connecting_ < options_.connecting && !toConnect_.empty()) {
            const int index = toConnect_.front();
            toConnect_.pop_front();
            auto& connection = at(index);
            connection.fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
            if (connection.fd < 0) {
                note("socket");
                connectFailed(index);
                continue;
            }
            const int one = 1;
            setsockopt(connection.fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
            const int result =
                connect(connection.fd, reinterpret_cast<sockaddr*>(&address_), sizeof address_);
            if (result < 0 && errno != EINPROGRESS) {
                note("connect");
                close(connection.fd);
                connection.fd = -1;
                connectFailed(index);
                continue;
            }
            epoll_event event{};
            event.events = EPOLLOUT | EPOLLIN | EPOLLRDHUP;
            event.data.u32 = static_cast<std::uint32_t>(index);
            if (epoll_ctl(epoll_, EPOLL_CTL_ADD, connection.fd, &event) < 0)
                fail("epoll_ctl");
            connection.state = State::Connecting;
            ++connecting_;
            schedule(index, now() + toMillis(options_.timeout));
        }
    }

    void watchInput(int fd, int index) {
        epoll_event event{};
        event.events = EPOLLIN | EPOLLRDHUP;
        event.data.u32 = static_cast<std::uint32_t>(index);
        epoll_ctl(epoll_, EPOLL_CTL_MOD, fd, &event);
    }

    // Closes with a reset, so thousands of closes leave no TIME_WAIT holding local ports.
    void abort(int index) {
        auto& connection = at(index);
        if (connection.fd < 0)
            return;
        if (connection.state == State::Connecting)
            --connecting_;
        const linger reset{1, 0};
        setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &reset, sizeof reset);
        close(connection.fd);
        connection.fd = -1;
        connection.input.clear();
        connection.answered = false;
        connection.due = -1;
    }

    // After a failure or a close: a page polls again at its next tick, on a new connection; a
    // slow client comes straight back; an idle one is finished.
    void comeBackLater(int index) {
        auto& connection = at(index);
        settle(connection);
        if (options_.mode == Mode::Idle) {
            connection.state = State::Done;
            return;
        }
        connection.state = State::Waiting;
        schedule(index, now() + jittered(options_.interval));
    }

    void connectFailed(int index) {
        ++tally_.connectFailed;
        abort(index);
        comeBackLater(index);
    }

    bool send(int index, std::string_view bytes) {
        const auto sent = ::send(at(index).fd, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent == static_cast<ssize_t>(bytes.size()))
            return true;
        note("send");
        ++tally_.dropped;
        abort(index);
        comeBackLater(index);
        return false;
    }

    void sendRequest(int index) {
        auto& connection = at(index);
        std::string request = "GET " + options_.path + " HTTP/1.1\r\nHost: " + options_.host + ":" +
                              std::to_string(options_.port) + "\r\n";
        if (!connection.etag.empty())
            request += "If-None-Match: " + connection.etag + "\r\n";
        request += "\r\n";
        if (!send(index, request))
            return;
        ++tally_.requests;
        connection.state = State::Requesting;
        schedule(index, now() + toMillis(options_.timeout));
    }

    void onConnected(int index) {
        ++tally_.opened;
        --connecting_;
        auto& connection = at(index);
        watchInput(connection.fd, index);
        switch (options_.mode) {
        case Mode::Idle:
            sendRequest(index);
            break;
        case Mode::PollStock:
            // A page opened at a random moment within one polling period.
            connection.state = State::Idle;
            if (connection.settled)
                sendRequest(index);
            else
                schedule(index, now() + toMillis(options_.interval * uniform(0, 1)));
            break;
        case Mode::SlowHeaders: {
            const std::string head = "GET " + options_.path +
                                     " HTTP/1.1\r\nHost: " + options_.host +
                                     "\r\nUser-Agent: connection_crowd\r\nX-Slow: ";
            if (!send(index, head))
                return;
            connection.state = State::Trickling;
            settle(connection);
            schedule(index, now() + toMillis(options_.interval));
            break;
        }
        }
    }

    void onEvent(int index, std::uint32_t events) {
        auto& connection = at(index);
        if (connection.fd < 0)
            return;
        if (connection.state == State::Connecting) {
            int error = 0;
            socklen_t length = sizeof error;
            getsockopt(connection.fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (error != 0 || (events & (EPOLLERR | EPOLLHUP))) {
                errno = error;
                note("connect");
                connectFailed(index);
                return;
            }
            if (!(events & EPOLLOUT))
                return;
            onConnected(index);
            if (connection.fd < 0 || !(events & EPOLLIN))
                return;
        }
        char buffer[16384];
        bool closed = false;
        for (;;) {
            const auto received = recv(connection.fd, buffer, sizeof buffer, 0);
            if (received > 0) {
                connection.input.append(buffer, static_cast<std::size_t>(received));
                continue;
            }
            if (received < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            closed = true;
            break;
        }
        Response response;
        for (long length; (length = completeResponse(connection.input, response)) != 0;) {
            if (length < 0) {
                ++tally_.malformed;
                closed = true;
                break;
            }
            connection.input.erase(0, static_cast<std::size_t>(length));
            onResponse(index, response);
            if (connection.fd < 0)
                return;
        }
        if (!closed)
            return;
        if (completeResponse(connection.input, response, true) > 0) {
            onResponse(index, response); // a body that ends at close
            if (connection.fd < 0)
                return;
        }
        onClosed(index);
    }

    void onResponse(int index, const Response& response) {
        auto& connection = at(index);
        ++tally_.responses;
        ++tally_.statuses[response.status];
        if (!response.etag.empty() && response.status == 200)
            connection.etag = response.etag;
        const bool wasRequesting = connection.state == State::Requesting;
        if (wasRequesting) {
            connection.answered = true;
            settle(connection);
            connection.state = State::Idle;
            connection.due = -1;
            if (options_.mode == Mode::PollStock)
                schedule(index, now() + jittered(options_.interval));
        }
        if (response.close || !wasRequesting)
            onClosed(index); // the server said it closes, or answered a request never finished
    }

    void onClosed(int index) {
        auto& connection = at(index);
        if (connection.state == State::Idle && connection.answered)
            ++tally_.closedIdle; // a keep-alive connection ended; the next poll reconnects
        else
            ++tally_.dropped; // closed before answering (or cut a slow client off)
        abort(index);
        comeBackLater(index);
    }

    void fireTimers(Millis t) {
        while (!timers_.empty() && timers_.top().first <= t) {
            const auto [due, index] = timers_.top();
            timers_.pop();
            auto& connection = at(index);
            if (connection.due != due)
                continue; // replaced by a later timer
            connection.due = -1;
            switch (connection.state) {
            case State::Waiting:
                toConnect_.push_back(index);
                break;
            case State::Connecting:
                errno = ETIMEDOUT;
                note("connect");
                connectFailed(index);
                break;
            case State::Requesting:
                ++tally_.timeouts;
                abort(index);
                comeBackLater(index);
                break;
            case State::Idle:
                sendRequest(index);
                break;
            case State::Trickling:
                if (send(index, "a")) {
                    ++tally_.bytesTrickled;
                    schedule(index, t + toMillis(options_.interval));
                }
                break;
            case State::Done:
                break;
            }
        }
    }

    void report(Millis started, long openAtReady, long rssBefore, long rssAfter, long held) {
        static const char* const modes[] = {"idle", "poll-stock", "slow-headers"};
        std::printf("crowd mode=%s count=%d seconds=%.1f open_at_ready=%ld open_at_end=%ld\n",
                    modes[static_cast<int>(options_.mode)], options_.count,
                    static_cast<double>(now() - started) / 1000, openAtReady, openNow());
        const long failures = tally_.connectFailed + tally_.dropped + tally_.timeouts;
        std::printf("connections opened=%ld failures=%ld connect_failed=%ld dropped=%ld "
                    "timeouts=%ld closed_idle=%ld malformed=%ld\n",
                    tally_.opened, failures, tally_.connectFailed, tally_.dropped, tally_.timeouts,
                    tally_.closedIdle, tally_.malformed);
        std::printf("requests sent=%ld responses=%ld trickled_bytes=%ld\n", tally_.requests,
                    tally_.responses, tally_.bytesTrickled);
        std::printf("statuses");
        for (const auto& [status, count] : tally_.statuses)
            std::printf(" %d=%ld", status, count);
        std::printf("%s\n", tally_.statuses.empty() ? " none=0" : "");
        if (options_.rssPid) {
            const bool measured = rssBefore >= 0 && rssAfter >= 0;
            std::printf("rss pid=%d before_kib=%ld after_kib=%ld held=%ld per_connection_kib=",
                        options_.rssPid, rssBefore, rssAfter, held);
            if (measured && held > 0)
                std::printf("%.2f\n",
                            static_cast<double>(rssAfter - rssBefore) / static_cast<double>(held));
            else
                std::printf("NA\n");
        }
        if (!tally_.firstError.empty())
            std::printf("first_error %s\n", tally_.firstError.c_str());
        std::fflush(stdout);
    }

    Options options_;
    std::vector<Connection> connections_;
    std::deque<int> toConnect_;
    std::priority_queue<std::pair<Millis, int>, std::vector<std::pair<Millis, int>>, std::greater<>>
        timers_;
    std::mt19937_64 random_;
    sockaddr_in address_{};
    int epoll_ = -1;
    int connecting_ = 0;
    long settled_ = 0;
    Tally tally_;
};

[[noreturn]] void usage() {
    std::fprintf(stderr,
                 "usage: connection_crowd --mode idle|poll-stock|slow-headers --count N --port P\n"
                 "         [--host 127.0.0.1] [--path /api/stock] [--interval S] [--duration S]\n"
                 "         [--timeout S] [--ramp-timeout S] [--connecting N] [--rss-pid PID]\n");
    std::exit(2);
}

Options parse(int argc, char** argv) {
    Options options;
    for (int i = 1; i < argc; ++i) {
        const std::string_view flag = argv[i];
        if (i + 1 >= argc)
            usage();
        const std::string value = argv[++i];
        const auto number = [&] {
            char* end = nullptr;
            const double parsed = std::strtod(value.c_str(), &end);
            if (end == value.c_str() || *end != '\0' || parsed < 0)
                usage();
            return parsed;
        };
        if (flag == "--mode") {
            if (value == "idle")
                options.mode = Mode::Idle;
            else if (value == "poll-stock")
                options.mode = Mode::PollStock;
            else if (value == "slow-headers")
                options.mode = Mode::SlowHeaders;
            else
                usage();
        } else if (flag == "--count")
            options.count = static_cast<int>(number());
        else if (flag == "--host")
            options.host = value;
        else if (flag == "--port")
            options.port = static_cast<int>(number());
        else if (flag == "--path")
            options.path = value;
        else if (flag == "--interval")
            options.interval = number();
        else if (flag == "--duration")
            options.duration = number();
        else if (flag == "--timeout")
            options.timeout = number();
        else if (flag == "--ramp-timeout")
            options.rampTimeout = number();
        else if (flag == "--connecting")
            options.connecting = std::max(1, static_cast<int>(number()));
        else if (flag == "--rss-pid")
            options.rssPid = static_cast<int>(number());
        else
            usage();
    }
    if (options.port <= 0 || options.port > 65535 || options.count <= 0 || options.interval <= 0)
        usage();
    return options;
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parse(argc, argv);
    struct sigaction action {};
    action.sa_handler = onStopSignal; // no SA_RESTART: epoll_wait returns at once
    sigaction(SIGTERM, &action, nullptr);
    sigaction(SIGINT, &action, nullptr);
    std::signal(SIGPIPE, SIG_IGN);
    Crowd(options).run();
    return 0;
}

#include "RawConnection.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace topcoat::test {
namespace {

using Clock = std::chrono::steady_clock;

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string trimmed(std::string_view text) {
    const auto first = text.find_first_not_of(" \t");
    if (first == std::string_view::npos)
        return {};
    const auto last = text.find_last_not_of(" \t");
    return std::string(text.substr(first, last - first + 1));
}

// Milliseconds left until `deadline`, for poll(): never negative, rounded up.
int millisecondsUntil(Clock::time_point deadline) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    return static_cast<int>(std::max<std::chrono::milliseconds::rep>(0, left.count()));
}

// Waits for `events` on `fd` until `deadline`: true when they came.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        pollfd watched{fd, events, 0};
        const int ready = ::poll(&watched, 1, millisecondsUntil(deadline));
        if (ready >= 0)
            return ready > 0;
        if (errno != EINTR)
            return false;
    }
}

// A whole number in `text` (digits in `base`, nothing else), or nullopt.
std::optional<std::size_t> number(std::string_view text, int base) {
    std::size_t value = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value, base);
    if (text.empty() || error != std::errc() || end != text.data() + text.size())
        return std::nullopt;
    return value;
}

// Decodes a chunked body starting at `at` (extensions and trailers skipped); false while it is
// not whole yet, or when it is not chunked properly (then it runs to the end of the stream).
bool dechunk(const std::string& bytes, std::size_t at, std::string& body, std::size_t& end) {
    for (;;) {
        const auto lineEnd = bytes.find("\r\n", at);
        if (lineEnd == std::string::npos)
            return false;
        const auto sizeText = std::string_view(bytes).substr(at, lineEnd - at);
        const auto size = number(sizeText.substr(0, sizeText.find(';')), 16);
        if (!size)
            return false;
        at = lineEnd + 2;
        if (*size == 0) {
            const auto trailerEnd = bytes.find("\r\n\r\n", at - 2);
            if (trailerEnd == std::string::npos)
                return false;
            end = trailerEnd + 4;
            return true;
        }
        if (bytes.size() < at + *size + 2)
            return false;
        body += bytes.substr(at, *size);
        at += *size + 2;
    }
}

// Reads the body of `response`, which starts at `end` in `bytes`, and moves `end` past it;
// false while it has not all arrived.
bool takeBody(const std::string& bytes, bool ended, RawResponse& response, std::size_t& end) {
    if (const auto length = number(response.header("content-length"), 10)) {
        if (bytes.size() - end < *length)
            return false;
        response.body = bytes.substr(end, *length);
        end += *length;
        return true;
    }
    if (lowered(response.header("transfer-encoding")) == "chunked" &&
        dechunk(bytes, end, response.body, end))
        return true;
    if (!ended)
        return false; // the body runs to the end of the connection
    response.body = bytes.substr(end);
    end = bytes.size();
    return true;
}

// A non-blocking socket connected to 127.0.0.1:port from `source` (if given), or -1 with
// `failure` saying which step failed.
int connectTo(std::uint16_t port, const std::string& source, std::chrono::milliseconds timeout,
              std::string& failure) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    auto fail = [&](const char* step, int error) {
        failure = std::string(step) + ": " + std::strerror(error);
        if (fd >= 0)
            ::close(fd);
        return -1;
    };
    if (fd < 0)
        return fail("socket", errno);
    // Trickled single bytes must leave at once, not wait for the previous one's ACK.
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    if (!source.empty()) {
        sockaddr_in local{};
        local.sin_family = AF_INET;
        if (::inet_pton(AF_INET, source.c_str(), &local.sin_addr) != 1)
            return fail("bind", EINVAL);
        if (::bind(fd, reinterpret_cast<sockaddr*>(&local), sizeof local) != 0)
            return fail("bind", errno);
    }
    sockaddr_in remote{};
    remote.sin_family = AF_INET;
    remote.sin_port = htons(port);
    remote.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&remote), sizeof remote) == 0)
        return fd;
    if (errno != EINPROGRESS)
        return fail("connect", errno);
    if (!waitFor(fd, POLLOUT, Clock::now() + timeout))
        return fail("connect", ETIMEDOUT);
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    return error == 0 ? fd : fail("connect", error);
}

} // namespace

RawConnection::RawConnection(std::uint16_t port, const std::string& source,
                             std::chrono::milliseconds timeout)
    : fd_(connectTo(port, source, timeout, failure_)) {}

RawConnection::RawConnection(RawConnection&& other) noexcept {
    *this = std::move(other);
}

RawConnection& RawConnection::operator=(RawConnection&& other) noexcept {
    std::swap(fd_, other.fd_);
    std::swap(buffer_, other.buffer_);
    std::swap(ended_, other.ended_);
    std::swap(failure_, other.failure_);
    return *this;
}

RawConnection::~RawConnection() {
    close();
}

void RawConnection::close() {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

bool RawConnection::send(std::string_view bytes, std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    while (!bytes.empty()) {
        const auto sent = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
        if (sent > 0) {
            bytes.remove_prefix(static_cast<std::size_t>(sent));
            continue;
        }
        if (sent < 0 && errno == EINTR)
            continue;
        if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (waitFor(fd_, POLLOUT, deadline))
                continue;
            failure_ = "send: the server stopped reading";
            return false;
        }
        failure_ = std::string("send: ") + std::strerror(errno);
        return false;
    }
    return true;
}

bool RawConnection::receive(Clock::time_point deadline) {
    char chunk[65536];
    while (fd_ >= 0 && !ended_ && waitFor(fd_, POLLIN, deadline)) {
        bool received = false;
        for (;;) {
            const auto got = ::recv(fd_, chunk, sizeof chunk, 0);
            if (got > 0) {
                buffer_.append(chunk, static_cast<std::size_t>(got));
                received = true;
                continue;
            }
            if (got < 0 && errno == EINTR)
                continue;
            if (got < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
                break;
            ended_ = true; // 0: end of stream; otherwise a reset, which ends it just the same
            return true;
        }
        if (received)
            return true;
    }
    return false;
}

std::optional<RawResponse> RawConnection::takeResponse() {
    const auto headEnd = buffer_.find("\r\n\r\n");
    if (headEnd == std::string::npos)
        return std::nullopt;
    RawResponse response;
    std::string_view head(buffer_.data(), headEnd);
    const auto statusEnd = std::min(head.find("\r\n"), head.size());
    const auto statusLine = head.substr(0, statusEnd);
    const auto space = statusLine.find(' ');
    response.version = std::string(statusLine.substr(0, space));
    if (space != std::string_view::npos)
        response.status = std::atoi(std::string(statusLine.substr(space + 1, 3)).c_str());
    for (auto rest = head.substr(std::min(statusEnd + 2, head.size())); !rest.empty();) {
        const auto lineEnd = std::min(rest.find("\r\n"), rest.size());
        const auto line = rest.substr(0, lineEnd);
        rest = rest.substr(std::min(lineEnd + 2, rest.size()));
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            continue;
        auto& value = response.headers[lowered(std::string(line.substr(0, colon)))];
        value += (value.empty() ? "" : ", ") + trimmed(line.substr(colon + 1));
    }

    const bool bodiless =
        response.status / 100 == 1 || response.status == 204 || response.status == 304;
    auto end = headEnd + 4;
    if (!bodiless && !takeBody(buffer_, ended_, response, end))
        return std::nullopt;
    buffer_.erase(0, end);
    return response;
}

std::optional<RawResponse> RawConnection::read(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (auto response = takeResponse())
            return response;
        if (ended_ || !receive(deadline))
            return std::nullopt;
    }
}

RawConnection::Peer RawConnection::waitForClose(std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    for (;;) {
        if (!buffer_.empty())
            return Peer::SentMore;
        if (ended_)
            return Peer::Closed;
        if (!receive(deadline))
            return fd_ < 0 ? Peer::Closed : Peer::Open;
    }
}

bool RawConnection::hasInput() const {
    return !buffer_.empty() || ended_ || fd_ < 0 || waitFor(fd_, POLLIN, Clock::now());
}

std::size_t readEach(std::vector<RawConnection>& connections,
                     std::vector<std::optional<RawResponse>>& responses,
                     std::chrono::milliseconds timeout) {
    const auto deadline = Clock::now() + timeout;
    std::vector<std::size_t> waiting;
    for (std::size_t i = 0; i < connections.size(); ++i)
        if (!responses[i] && connections[i].connected() && !connections[i].ended()) {
            // Already whole in the buffer: no need to wait on the socket.
            responses[i] = connections[i].read(std::chrono::milliseconds(0));
            if (!responses[i] && !connections[i].ended())
                waiting.push_back(i);
        }
    std::vector<pollfd> watched;
    while (!waiting.empty()) {
        watched.clear();
        for (const auto i : waiting)
            watched.push_back({connections[i].descriptor(), POLLIN, 0});
        const int ready = ::poll(watched.data(), static_cast<nfds_t>(watched.size()),
                                 millisecondsUntil(deadline));
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready <= 0)
            break;
        std::vector<std::size_t> still;
        for (std::size_t k = 0; k < waiting.size(); ++k) {
            const auto i = waiting[k];
            if (watched[k].revents != 0)
                responses[i] = connections[i].read(std::chrono::milliseconds(0));
            if (!responses[i] && !connections[i].ended())
                still.push_back(i);
        }
        waiting.swap(still);
    }
    return static_cast<std::size_t>(
        std::count_if(responses.begin(), responses.end(), [](const auto& r) { return !r; }));
}

} // namespace topcoat::test

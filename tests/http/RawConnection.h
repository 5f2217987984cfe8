#pragma once

// One client connection driven by hand over a plain non-blocking socket: pipelined requests,
// bytes trickled slowly, and whether (and when) the server closes it. Cheap enough that a test
// can hold thousands, and every read has a deadline.

#include "tests/support/HttpClient.h"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat::test {

// A response as read off the wire, with the protocol version its status line named.
struct RawResponse : HttpResult {
    std::string version; // e.g. "HTTP/1.1"
};

// A connection to the server under test: nothing is added to what is sent on it.
class RawConnection {
public:
    // Connects to 127.0.0.1:port, from `source` (any 127.x.y.z) when given; see connected().
    explicit RawConnection(std::uint16_t port, const std::string& source = {},
                           std::chrono::milliseconds timeout = std::chrono::seconds(10));
    RawConnection(RawConnection&& other) noexcept;
    RawConnection& operator=(RawConnection&& other) noexcept;
    RawConnection(const RawConnection&) = delete;
    RawConnection& operator=(const RawConnection&) = delete;
    ~RawConnection();

    bool connected() const { return fd_ >= 0; }
    // Why connecting or sending failed ("" when it did not).
    const std::string& failure() const { return failure_; }
    int descriptor() const { return fd_; }

    // Writes all of `bytes` within `timeout`; false when the server has closed or reset the
    // connection, or stopped reading.
    bool send(std::string_view bytes, std::chrono::milliseconds timeout = std::chrono::seconds(30));
    // The next whole response (framed by Content-Length; a 1xx, 204 or 304 has no body), or
    // nullopt when the connection ended (see ended()) or `timeout` passed first.
    std::optional<RawResponse> read(std::chrono::milliseconds timeout);

    enum class Peer { Closed, SentMore, Open };
    // What the server does within `timeout`: closes the connection (end of stream or reset),
    // sends bytes that are not part of any response read so far (kept in unread()), or nothing.
    Peer waitForClose(std::chrono::milliseconds timeout);
    // True when bytes or the end of the connection are waiting to be read right now.
    bool hasInput() const;
    // The server has closed (or reset) the connection; unread() holds what came before that.
    bool ended() const { return ended_; }
    const std::string& unread() const { return buffer_; }
    void close();

private:
    // Appends what arrives before `deadline`; false when nothing came by then.
    bool receive(std::chrono::steady_clock::time_point deadline);
    std::optional<RawResponse> takeResponse();

    int fd_ = -1;
    std::string buffer_;
    bool ended_ = false;
    std::string failure_;
};

// Waits on all of `connections` together until `timeout`, reading one response from each whose
// entry in `responses` (sized to match) is still empty and that is still open; returns how
// many entries are empty then.
std::size_t readEach(std::vector<RawConnection>& connections,
                     std::vector<std::optional<RawResponse>>& responses,
                     std::chrono::milliseconds timeout);

} // namespace topcoat::test

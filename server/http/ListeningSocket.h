#pragma once

// A non-blocking TCP listening socket bound to HOST:PORT without SO_REUSEPORT, so a second
// process can never share a port with this one; a port that is taken is reported by name.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace topcoat::http {

// The port is taken by another program: the message names the port and its role.
class PortInUse : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ListeningSocket {
public:
    // `role` names the port in errors ("storefront", "admin"). Throws PortInUse when the port
    // is taken, std::runtime_error on any other failure.
    ListeningSocket(const std::string& role, const std::string& host, std::uint16_t port,
                    int backlog);
    ~ListeningSocket();
    ListeningSocket(const ListeningSocket&) = delete;
    ListeningSocket& operator=(const ListeningSocket&) = delete;

    int fd() const { return fd_; }
    std::uint16_t port() const { return port_; }
    void close();

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

} // namespace topcoat::http

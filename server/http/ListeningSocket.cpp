#include "ListeningSocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netdb.h>
#include <netinet/in.h>
#include <stdexcept>
#include <sys/socket.h>
#include <unistd.h>

namespace topcoat::http {
namespace {

std::string describe(const std::string& role, const std::string& host, std::uint16_t port) {
    return "the " + role + " port " + std::to_string(port) + " on " + host;
}

} // namespace

ListeningSocket::ListeningSocket(const std::string& role, const std::string& host,
                                 std::uint16_t port, int backlog) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const auto service = std::to_string(port);
    if (const int error = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &found))
        throw std::runtime_error("cannot listen on " + host + ": " + ::gai_strerror(error));
    int lastError = 0;
    for (auto* address = found; address && fd_ < 0; address = address->ai_next) {
        fd_ = ::socket(address->ai_family, address->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC,
                       address->ai_protocol);
        if (fd_ < 0) {
            lastError = errno;
            continue;
        }
        // SO_REUSEADDR only lets a restart bind while old connections sit in TIME_WAIT; it
        // never lets two live listeners share the port (SO_REUSEPORT would).
        const int on = 1;
        ::setsockopt(fd_, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (::bind(fd_, address->ai_addr, address->ai_addrlen) == 0 && ::listen(fd_, backlog) == 0)
            break;
        lastError = errno;
        ::close(fd_);
        fd_ = -1;
    }
    ::freeaddrinfo(found);
    if (fd_ < 0) {
        if (lastError == EADDRINUSE)
            throw PortInUse(describe(role, host, port) + " is already in use by another program");
        throw std::runtime_error("cannot listen on " + describe(role, host, port) + ": " +
                                 std::strerror(lastError));
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&bound), &length);
    port_ =
        ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<const sockaddr_in6*>(&bound)->sin6_port
                                          : reinterpret_cast<const sockaddr_in*>(&bound)->sin_port);
}

ListeningSocket::~ListeningSocket() {
    close();
}

void ListeningSocket::close() {
    if (fd_ >= 0)
        ::close(fd_);
    fd_ = -1;
}

} // namespace topcoat::http

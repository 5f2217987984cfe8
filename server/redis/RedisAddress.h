#pragma once

// Where a Redis server listens, as given on the command line: redis://HOST:PORT.

#include <optional>
#include <string>

namespace topcoat::redis {

struct RedisAddress {
    std::string host;
    int port = 6379;
    std::string text() const { return "redis://" + host + ':' + std::to_string(port); }
};

// nullopt for anything but redis://HOST[:PORT] with a host name or IPv4 address and a port
// 1-65535; no user, password, path or query (a password, when needed, is not put in a URL
// that `ps` shows).
std::optional<RedisAddress> parseRedisAddress(const std::string& url);

} // namespace topcoat::redis

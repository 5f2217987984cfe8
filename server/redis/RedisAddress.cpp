#include "RedisAddress.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace topcoat::redis {

std::optional<RedisAddress> parseRedisAddress(const std::string& url) {
    constexpr std::string_view scheme = "redis://";
    if (url.size() <= scheme.size() || url.compare(0, scheme.size(), scheme) != 0)
        return std::nullopt;
    const std::string_view rest = std::string_view(url).substr(scheme.size());
    const auto colon = rest.find(':');
    RedisAddress address;
    address.host = std::string(rest.substr(0, colon));
    const bool hostOk = !address.host.empty() && address.host.size() <= 253 &&
                        std::all_of(address.host.begin(), address.host.end(), [](unsigned char c) {
                            return std::isalnum(c) || c == '.' || c == '-';
                        });
    if (!hostOk)
        return std::nullopt;
    if (colon == std::string_view::npos)
        return address;
    const auto port = rest.substr(colon + 1);
    int value = 0;
    const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value < 1 ||
        value > 65535)
        return std::nullopt;
    address.port = value;
    return address;
}

} // namespace topcoat::redis

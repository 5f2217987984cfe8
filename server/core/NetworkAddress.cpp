#include "NetworkAddress.h"

#include "Blanks.h"

#include <algorithm>
#include <arpa/inet.h>
#include <charconv>
#include <cstring>

namespace topcoat {
namespace {

constexpr int ipv4MappedPrefixBits = 96;

bool isTrusted(const NetworkAddress& address, const std::vector<AddressRange>& trusted) {
    for (const auto& range : trusted)
        if (range.contains(address))
            return true;
    return false;
}

} // namespace

std::optional<NetworkAddress> NetworkAddress::parse(std::string_view text) {
    text = trimmedBlanks(text);
    if (text.empty() || text.size() >= INET6_ADDRSTRLEN)
        return std::nullopt;
    char buffer[INET6_ADDRSTRLEN];
    std::memcpy(buffer, text.data(), text.size());
    buffer[text.size()] = '\0';
    in_addr v4{};
    if (inet_pton(AF_INET, buffer, &v4) == 1)
        return fromBytes(&v4, sizeof v4);
    in6_addr v6{};
    if (inet_pton(AF_INET6, buffer, &v6) == 1)
        return fromBytes(&v6, sizeof v6);
    return std::nullopt;
}

NetworkAddress NetworkAddress::fromBytes(const void* data, std::size_t length) {
    NetworkAddress address;
    if (length == 4) {
        address.bytes[10] = address.bytes[11] = 0xff;
        std::memcpy(address.bytes.data() + 12, data, 4);
    } else if (length == address.bytes.size()) {
        std::memcpy(address.bytes.data(), data, length);
    }
    return address;
}

std::uint64_t NetworkAddress::hash() const {
    std::uint64_t high = 0;
    std::uint64_t low = 0;
    std::memcpy(&high, bytes.data(), 8);
    std::memcpy(&low, bytes.data() + 8, 8);
    return high * 0x9e3779b97f4a7c15ULL ^ low;
}

NetworkAddress NetworkAddress::rateLimitScope() const {
    static constexpr std::array<std::uint8_t, 12> ipv4Mapped{0, 0, 0, 0, 0,    0,
                                                             0, 0, 0, 0, 0xff, 0xff};
    if (std::equal(ipv4Mapped.begin(), ipv4Mapped.end(), bytes.begin()))
        return *this;
    auto scope = *this;
    std::fill(scope.bytes.begin() + 8, scope.bytes.end(), std::uint8_t{0});
    return scope;
}

std::optional<AddressRange> AddressRange::parse(std::string_view text) {
    text = trimmedBlanks(text);
    const auto slash = text.find('/');
    const auto address = NetworkAddress::parse(text.substr(0, slash));
    if (!address)
        return std::nullopt;
    const bool v4 = text.substr(0, slash).find(':') == std::string_view::npos;
    AddressRange range{*address, 128};
    if (slash == std::string_view::npos)
        return range;
    const auto bitsText = text.substr(slash + 1);
    int bits = -1;
    const auto* end = bitsText.data() + bitsText.size();
    if (bitsText.empty() || std::from_chars(bitsText.data(), end, bits).ptr != end || bits < 0 ||
        bits > (v4 ? 32 : 128))
        return std::nullopt;
    range.prefixBits = v4 ? ipv4MappedPrefixBits + bits : bits;
    return range;
}

bool AddressRange::contains(const NetworkAddress& address) const {
    int bits = prefixBits;
    for (std::size_t i = 0; i < base.bytes.size() && bits > 0; ++i, bits -= 8) {
        const auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
        if ((base.bytes[i] & mask) != (address.bytes[i] & mask))
            return false;
    }
    return true;
}

NetworkAddress clientAddress(const NetworkAddress& peer, std::string_view forwardedFor,
                             const std::vector<AddressRange>& trustedProxies) {
    if (trustedProxies.empty() || !isTrusted(peer, trustedProxies))
        return peer;
    auto client = peer;
    while (!forwardedFor.empty()) {
        const auto comma = forwardedFor.rfind(',');
        const auto entry =
            comma == std::string_view::npos ? forwardedFor : forwardedFor.substr(comma + 1);
        const auto address = NetworkAddress::parse(entry);
        if (!address)
            return client; // garbage: trust nothing further left
        client = *address;
        if (!isTrusted(client, trustedProxies))
            return client;
        forwardedFor =
            comma == std::string_view::npos ? std::string_view() : forwardedFor.substr(0, comma);
    }
    return client;
}

} // namespace topcoat

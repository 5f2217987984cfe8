#pragma once

// Client addresses as the protection sees them: IPv4 and IPv6 in one 16-byte form (IPv4
// mapped into IPv6), address ranges for the trusted proxies, and the rule that picks the real
// client out of X-Forwarded-For.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat {

struct NetworkAddress {
    std::array<std::uint8_t, 16> bytes{};

    // "203.0.113.7", "2001:db8::1", "::ffff:203.0.113.7"; surrounding spaces allowed.
    static std::optional<NetworkAddress> parse(std::string_view text);
    // From the 4 or 16 bytes of an in_addr or in6_addr, in network order.
    static NetworkAddress fromBytes(const void* data, std::size_t length);
    std::uint64_t hash() const;
    // Who is held to one rate: an IPv4 address, or an IPv6 /64, since one host is handed a
    // whole /64 and could otherwise use a fresh address for every request.
    NetworkAddress rateLimitScope() const;
    bool operator==(const NetworkAddress&) const = default;
};

struct AddressRange {
    NetworkAddress base;
    int prefixBits = 128; // of the 16-byte form: an IPv4 /8 is 104 here

    // "10.0.0.0/8", "fd00::/8", or a single address.
    static std::optional<AddressRange> parse(std::string_view text);
    bool contains(const NetworkAddress& address) const;
};

// The address to hold responsible for a request: the peer itself, unless the peer is a trusted
// proxy; then the right-most X-Forwarded-For entry that is not a trusted proxy (entries to its
// left were written by the client and prove nothing).
NetworkAddress clientAddress(const NetworkAddress& peer, std::string_view forwardedFor,
                             const std::vector<AddressRange>& trustedProxies);

} // namespace topcoat

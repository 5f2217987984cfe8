#include "WaitingRoomPass.h"

#include <charconv>
#include <random>

namespace topcoat {
namespace {

// Compares in time independent of where the first difference is, so a forger learns nothing
// from how long a refusal takes.
bool equalInConstantTime(std::string_view a, std::string_view b) {
    if (a.size() != b.size())
        return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        difference |= static_cast<unsigned char>(a[i] ^ b[i]);
    return difference == 0;
}

struct PassParts {
    std::string_view ticket;
    std::string_view expires;
    std::string_view signature;
};

std::optional<PassParts> splitPass(std::string_view pass) {
    const auto first = pass.find('.');
    if (first == std::string_view::npos)
        return std::nullopt;
    const auto second = pass.find('.', first + 1);
    if (second == std::string_view::npos || pass.find('.', second + 1) != std::string_view::npos)
        return std::nullopt;
    PassParts parts{pass.substr(0, first), pass.substr(first + 1, second - first - 1),
                    pass.substr(second + 1)};
    if (parts.ticket.empty() || parts.expires.empty() || parts.signature.empty())
        return std::nullopt;
    return parts;
}

std::string signedMessage(std::string_view ticket, std::string_view expires,
                          std::string_view customer) {
    std::string message;
    message.reserve(ticket.size() + expires.size() + customer.size() + 2);
    message.append(ticket).append(".").append(expires).append("|").append(customer);
    return message;
}

} // namespace

std::string signPass(const MessageSigner& signer, const std::string& ticket,
                     const std::string& customer, TimePoint expires) {
    const auto expiresText = std::to_string(expires.time_since_epoch().count());
    return ticket + "." + expiresText + "." +
           signer.sign(signedMessage(ticket, expiresText, customer));
}

VerifiedPass verifyPass(const MessageSigner& signer, std::string_view pass,
                        const std::string& customer, TimePoint now) {
    if (pass.empty())
        return {PassCheck::Missing, {}};
    const auto parts = splitPass(pass);
    if (!parts)
        return {PassCheck::Malformed, {}};
    const auto expected = signer.sign(signedMessage(parts->ticket, parts->expires, customer));
    if (!equalInConstantTime(expected, parts->signature))
        return {PassCheck::Forged, {}};
    std::int64_t expiresMs = 0;
    const auto* end = parts->expires.data() + parts->expires.size();
    if (std::from_chars(parts->expires.data(), end, expiresMs).ptr != end)
        return {PassCheck::Malformed, {}};
    if (now >= TimePoint{std::chrono::milliseconds(expiresMs)})
        return {PassCheck::Expired, {}};
    return {PassCheck::Valid, std::string(parts->ticket)};
}

std::optional<std::string> ticketOfPass(std::string_view pass) {
    if (const auto parts = splitPass(pass))
        return std::string(parts->ticket);
    return std::nullopt;
}

std::string newTicketId() {
    static constexpr char alphabet[] = "23456789abcdefghijkmnpqrstuvwxyz";
    thread_local std::random_device random;
    std::string id = "tkt_";
    for (int word = 0; word < 4; ++word) {
        auto bits = random(); // 32 bits from the system's random source
        for (int i = 0; i < 6; ++i, bits >>= 5)
            id += alphabet[bits & 31];
    }
    return id; // 120 random bits
}

} // namespace topcoat

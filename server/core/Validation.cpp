#include "Validation.h"

#include <algorithm>

namespace topcoat {
namespace {

bool isUpperAlnum(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}
bool isHexDigit(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isVisibleAscii(char c) {
    return c > ' ' && c < 0x7f;
}
bool isPrintableAscii(char c) {
    return c >= ' ' && c < 0x7f;
}

} // namespace

bool isValidSku(std::string_view sku) {
    if (sku.empty() || sku.size() > 32 || !isUpperAlnum(sku.front()))
        return false;
    return std::all_of(sku.begin(), sku.end(), [](char c) { return isUpperAlnum(c) || c == '-'; });
}

bool isValidShadeHex(std::string_view hex) {
    return hex.size() == 7 && hex.front() == '#' &&
           std::all_of(hex.begin() + 1, hex.end(), isHexDigit);
}

bool isValidName(std::string_view name) {
    if (name.empty() || name.size() > 120)
        return false;
    return std::none_of(name.begin(), name.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte < 0x20 || byte == 0x7f;
    });
}

std::optional<std::string> canonicalCustomer(std::string_view customer) {
    while (!customer.empty() && customer.front() == ' ')
        customer.remove_prefix(1);
    while (!customer.empty() && customer.back() == ' ')
        customer.remove_suffix(1);
    if (customer.size() < 3 || customer.size() > 254)
        return std::nullopt;
    if (!std::all_of(customer.begin(), customer.end(), isVisibleAscii))
        return std::nullopt;
    const auto at = customer.find('@');
    if (at == 0 || at == std::string_view::npos || at + 1 == customer.size() ||
        customer.find('@', at + 1) != std::string_view::npos)
        return std::nullopt;
    std::string canonical(customer);
    std::transform(canonical.begin(), canonical.end(), canonical.begin(),
                   [](char c) { return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c; });
    return canonical;
}

bool isValidIdempotencyKey(std::string_view key) {
    return !key.empty() && key.size() <= 64 &&
           std::all_of(key.begin(), key.end(), isPrintableAscii);
}

} // namespace topcoat

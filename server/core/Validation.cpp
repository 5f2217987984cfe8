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

std::optional<std::size_t> controlFreeTextLength(std::string_view text) {
    // Decode UTF-8 strictly (no overlong forms, surrogates or truncated sequences) and refuse
    // control characters, C1 included: such text ends up in logs and on the owner's screen.
    std::size_t characters = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        const auto lead = static_cast<unsigned char>(text[i]);
        std::size_t length = 0;
        char32_t code = 0;
        if (lead < 0x80) {
            length = 1;
            code = lead;
        } else if (lead >= 0xc2 && lead <= 0xdf) {
            length = 2;
            code = lead & 0x1fu;
        } else if (lead >= 0xe0 && lead <= 0xef) {
            length = 3;
            code = lead & 0x0fu;
        } else if (lead >= 0xf0 && lead <= 0xf4) {
            length = 4;
            code = lead & 0x07u;
        } else {
            return std::nullopt;
        }
        if (i + length > text.size())
            return std::nullopt;
        for (std::size_t k = 1; k < length; ++k) {
            const auto next = static_cast<unsigned char>(text[i + k]);
            if ((next & 0xc0u) != 0x80u)
                return std::nullopt;
            code = (code << 6) | (next & 0x3fu);
        }
        const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
        const bool surrogate = code >= 0xd800 && code <= 0xdfff;
        const bool control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
        if (overlong || surrogate || control || code > 0x10ffff)
            return std::nullopt;
        i += length;
        ++characters;
    }
    return characters;
}

bool isPlainText(std::string_view text, std::size_t maxBytes) {
    return !text.empty() && text.size() <= maxBytes && controlFreeTextLength(text).has_value();
}

bool isValidName(std::string_view name) {
    return isPlainText(name, 120);
}

bool isValidWriteOffNote(std::string_view note) {
    return isPlainText(note, 200);
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

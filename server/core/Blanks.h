#pragma once

// Spaces and tabs around a value, as header lists (X-Forwarded-For, If-None-Match,
// Accept-Encoding) put them around each item.

#include <string_view>

namespace topcoat {

inline std::string_view trimmedBlanks(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace topcoat

#include "QueryParameters.h"

#include <charconv>

namespace topcoat::http {

std::optional<std::int64_t> parseInteger(std::string_view text, std::int64_t min,
                                         std::int64_t max) {
    std::int64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value < min || value > max)
        return std::nullopt;
    return value;
}

std::optional<std::int64_t> integerParameter(const HttpRequest& request, std::string_view name,
                                             std::int64_t fallback, std::int64_t min,
                                             std::int64_t max, std::string& error) {
    const auto* text = request.queryValue(name);
    if (!text)
        return fallback;
    if (auto value = parseInteger(*text, min, max))
        return value;
    error = std::string(name) + " must be an integer from " + std::to_string(min) + " to " +
            std::to_string(max);
    return std::nullopt;
}

} // namespace topcoat::http

#pragma once

// Integer query parameters (?limit=&after=), checked as strictly as body fields.

#include "HttpExchange.h"

#include <cstdint>
#include <optional>
#include <string>

namespace topcoat::http {

// The parameter's value, `fallback` when absent, or nothing (with `error` set) when it is not
// a decimal integer in [min, max].
std::optional<std::int64_t> integerParameter(const HttpRequest& request, std::string_view name,
                                             std::int64_t fallback, std::int64_t min,
                                             std::int64_t max, std::string& error);

// A whole path segment as an integer in [min, max], or nothing.
std::optional<std::int64_t> parseInteger(std::string_view text, std::int64_t min, std::int64_t max);

} // namespace topcoat::http

#pragma once

// RFC 3339 timestamps as the wire contract writes them ("2026-11-22T18:00:00Z").

#include "Clock.h"

#include <optional>
#include <string>
#include <string_view>

namespace topcoat {

// Formats in UTC with second precision: "2026-11-22T18:00:00Z".
std::string formatRfc3339(TimePoint time);

// Accepts "YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)" from 0001-01-01T00:00:00Z to
// 9999-12-31T23:59:59Z; anything else is std::nullopt.
std::optional<TimePoint> parseRfc3339(std::string_view text);

} // namespace topcoat

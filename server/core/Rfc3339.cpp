#include "Rfc3339.h"

#include <cstdio>

namespace topcoat {
namespace {

using namespace std::chrono;

bool readDigits(std::string_view text, std::size_t pos, std::size_t count, int& out) {
    if (pos + count > text.size())
        return false;
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) {
        if (text[i] < '0' || text[i] > '9')
            return false;
        value = value * 10 + (text[i] - '0');
    }
    out = value;
    return true;
}

bool expect(std::string_view text, std::size_t pos, char c) {
    return pos < text.size() && text[pos] == c;
}

} // namespace

std::string formatRfc3339(TimePoint time) {
    const auto seconds = floor<std::chrono::seconds>(time);
    const auto day = floor<days>(seconds);
    const year_month_day date{day};
    const hh_mm_ss clock{seconds - day};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(clock.hours().count()),
                  int(clock.minutes().count()), int(clock.seconds().count()));
    return buffer;
}

std::optional<TimePoint> parseRfc3339(std::string_view text) {
    int y, mo, d, h, mi, s;
    if (!readDigits(text, 0, 4, y) || !expect(text, 4, '-') || !readDigits(text, 5, 2, mo) ||
        !expect(text, 7, '-') || !readDigits(text, 8, 2, d) ||
        !(expect(text, 10, 'T') || expect(text, 10, 't')) || !readDigits(text, 11, 2, h) ||
        !expect(text, 13, ':') || !readDigits(text, 14, 2, mi) || !expect(text, 16, ':') ||
        !readDigits(text, 17, 2, s))
        return std::nullopt;
    if (h > 23 || mi > 59 || s > 59)
        return std::nullopt;
    const year_month_day date{year{y}, month{unsigned(mo)}, day{unsigned(d)}};
    if (!date.ok())
        return std::nullopt;

    std::size_t pos = 19;
    milliseconds fraction{0};
    if (expect(text, pos, '.')) {
        ++pos;
        const std::size_t start = pos;
        int scale = 100;
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
            fraction += milliseconds{(text[pos] - '0') * scale};
            scale /= 10;
            ++pos;
        }
        if (pos == start || pos - start > 9)
            return std::nullopt;
    }

    minutes offset{0};
    if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
        ++pos;
    } else if (expect(text, pos, '+') || expect(text, pos, '-')) {
        const int sign = text[pos] == '-' ? -1 : 1;
        int oh, om;
        if (!readDigits(text, pos + 1, 2, oh) || !expect(text, pos + 3, ':') ||
            !readDigits(text, pos + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = minutes{sign * (oh * 60 + om)};
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;

    const auto local = sys_days{date} + hours{h} + minutes{mi} + seconds{s} + fraction;
    // Times the shop can store and show: years 1 to 9999 (the calendar has no year 0).
    const auto utc = local - offset;
    const auto last = sys_days{year{9999} / December / 31} + hours{23} + minutes{59} + seconds{59};
    if (utc < sys_days{year{1} / January / 1} || utc > last)
        return std::nullopt;
    return TimePoint{utc};
}

} // namespace topcoat

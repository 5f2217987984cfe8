#pragma once

// Writes compact JSON straight into a string. The hot routes render with this rather than
// building a DOM: no allocation per value, no maps.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat::http {

class JsonWriter {
public:
    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(std::int64_t number);
    JsonWriter& value(int number) { return value(static_cast<std::int64_t>(number)); }
    JsonWriter& value(std::uint64_t number);
    JsonWriter& value(double number);
    JsonWriter& value(bool flag);
    JsonWriter& null();
    template <typename T> JsonWriter& value(const std::optional<T>& maybe) {
        return maybe ? value(*maybe) : null();
    }

    // Shorthand for key(name).value(v).
    template <typename T> JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }

    // Inserts already-rendered JSON as the next value.
    JsonWriter& raw(std::string_view json);

    const std::string& str() const { return out_; }
    std::string take() { return std::move(out_); }

private:
    void separate();

    std::string out_;
    std::vector<bool> needComma_{false};
    bool afterKey_ = false;
};

void appendJsonString(std::string& out, std::string_view text);

} // namespace topcoat::http

#pragma once

// Typed access to the fields of a JSON request body. The first problem found is kept as a
// human-readable message and every later read returns nothing, so a handler reads all its
// fields and checks failed() once.

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat::http {

enum class Presence { Required, Optional };

class RequestFields {
public:
    // Parses `body`, which must be one JSON object (nesting capped, so deep input cannot
    // exhaust the stack). A parse failure is reported through failed()/error().
    explicit RequestFields(const std::string& body);
    explicit RequestFields(Poco::JSON::Object::Ptr object);

    bool failed() const { return !error_.empty(); }
    const std::string& error() const { return error_; }
    bool has(const std::string& name) const;
    // The parsed body (null when it did not parse), for checks across all of its fields.
    const Poco::JSON::Object::Ptr& root() const { return object_; }

    // `valid` checks the format; `expected` describes it in the error message.
    std::optional<std::string> string(const std::string& name, Presence presence,
                                      const std::function<bool(std::string_view)>& valid = {},
                                      std::string_view expected = "a string");
    std::optional<std::int64_t> integer(const std::string& name, Presence presence,
                                        std::int64_t min, std::int64_t max);
    std::optional<bool> boolean(const std::string& name, Presence presence);
    Poco::JSON::Object::Ptr object(const std::string& name, Presence presence);
    Poco::JSON::Array::Ptr array(const std::string& name, Presence presence);

    void reject(std::string message);

private:
    bool present(const std::string& name, Presence presence);

    Poco::JSON::Object::Ptr object_;
    std::string error_;
};

// The strings of `array` (the field `name`, for messages); rejects an array longer than
// `maxCount` or holding anything but strings. Empty for a null array.
std::vector<std::string> stringsOf(RequestFields& fields, const Poco::JSON::Array::Ptr& array,
                                   const std::string& name, std::size_t maxCount);

} // namespace topcoat::http

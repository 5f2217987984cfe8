#include "RequestFields.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Parser.h>
#include <limits>

namespace topcoat::http {
namespace {

constexpr std::size_t maxDepth = 16;

} // namespace

RequestFields::RequestFields(const std::string& body) {
    if (body.empty()) {
        error_ = "the body must be a JSON object";
        return;
    }
    try {
        Poco::JSON::Parser parser;
        parser.setDepth(maxDepth);
        const auto parsed = parser.parse(body);
        if (parsed.type() != typeid(Poco::JSON::Object::Ptr)) {
            error_ = "the body must be a JSON object";
            return;
        }
        object_ = parsed.extract<Poco::JSON::Object::Ptr>();
    } catch (const Poco::Exception& parseError) {
        error_ = "the body is not valid JSON";
    }
}

RequestFields::RequestFields(Poco::JSON::Object::Ptr object) : object_(std::move(object)) {
    if (!object_)
        error_ = "expected a JSON object";
}

void RequestFields::reject(std::string message) {
    if (error_.empty())
        error_ = std::move(message);
}

bool RequestFields::has(const std::string& name) const {
    return object_ && object_->has(name) && !object_->isNull(name);
}

bool RequestFields::present(const std::string& name, Presence presence) {
    if (failed())
        return false;
    if (has(name))
        return true;
    if (presence == Presence::Required)
        reject(name + " is required");
    return false;
}

std::optional<std::string> RequestFields::string(const std::string& name, Presence presence,
                                                 const std::function<bool(std::string_view)>& valid,
                                                 std::string_view expected) {
    if (!present(name, presence))
        return std::nullopt;
    const auto value = object_->get(name);
    if (!value.isString()) {
        reject(name + " must be " + std::string(expected));
        return std::nullopt;
    }
    auto text = value.extract<std::string>();
    if (valid && !valid(text)) {
        reject(name + " must be " + std::string(expected));
        return std::nullopt;
    }
    return text;
}

std::optional<std::int64_t> RequestFields::integer(const std::string& name, Presence presence,
                                                   std::int64_t min, std::int64_t max) {
    if (!present(name, presence))
        return std::nullopt;
    const auto value = object_->get(name);
    const auto outOfRange = [&] {
        reject(name + " must be an integer from " + std::to_string(min) + " to " +
               std::to_string(max));
        return std::nullopt;
    };
    if (!value.isInteger() || value.isBoolean())
        return outOfRange();
    try {
        // Poco keeps integers above INT64_MAX as unsigned; they are out of every range here.
        if (!value.isSigned() &&
            value.convert<Poco::UInt64>() >
                static_cast<Poco::UInt64>(std::numeric_limits<Poco::Int64>::max()))
            return outOfRange();
        const auto number = value.convert<Poco::Int64>();
        if (number < min || number > max)
            return outOfRange();
        return number;
    } catch (const Poco::Exception&) {
        return outOfRange();
    }
}

std::optional<bool> RequestFields::boolean(const std::string& name, Presence presence) {
    if (!present(name, presence))
        return std::nullopt;
    const auto value = object_->get(name);
    if (!value.isBoolean()) {
        reject(name + " must be true or false");
        return std::nullopt;
    }
    return value.extract<bool>();
}

Poco::JSON::Object::Ptr RequestFields::object(const std::string& name, Presence presence) {
    if (!present(name, presence))
        return nullptr;
    auto nested = object_->getObject(name);
    if (!nested)
        reject(name + " must be an object");
    return nested;
}

Poco::JSON::Array::Ptr RequestFields::array(const std::string& name, Presence presence) {
    if (!present(name, presence))
        return nullptr;
    auto nested = object_->getArray(name);
    if (!nested)
        reject(name + " must be an array");
    return nested;
}

std::vector<std::string> stringsOf(RequestFields& fields, const Poco::JSON::Array::Ptr& array,
                                   const std::string& name, std::size_t maxCount) {
    std::vector<std::string> strings;
    if (!array)
        return strings;
    if (array->size() > maxCount) {
        fields.reject(name + " may hold at most " + std::to_string(maxCount) + " entries");
        return strings;
    }
    for (std::size_t i = 0; i < array->size(); ++i) {
        const auto entry = array->get(static_cast<unsigned>(i));
        if (!entry.isString()) {
            fields.reject(name + " must be an array of strings");
            return strings;
        }
        strings.push_back(entry.extract<std::string>());
    }
    return strings;
}

} // namespace topcoat::http

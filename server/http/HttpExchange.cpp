#include "HttpExchange.h"

#include <algorithm>

namespace topcoat::http {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    const auto lower = [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    };
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                              [&](char x, char y) { return lower(x) == lower(y); });
}

std::string HttpRequest::header(std::string_view name) const {
    for (const auto& field : headers)
        if (equalsIgnoringCase(field.name, name))
            return field.value;
    return {};
}

std::string HttpRequest::headerList(std::string_view name) const {
    std::string joined;
    for (const auto& field : headers)
        if (equalsIgnoringCase(field.name, name))
            joined += (joined.empty() ? "" : ", ") + field.value;
    return joined;
}

bool HttpRequest::hasHeader(std::string_view name) const {
    return std::any_of(headers.begin(), headers.end(), [&](const HeaderField& field) {
        return equalsIgnoringCase(field.name, name);
    });
}

const std::string* HttpRequest::queryValue(std::string_view name) const {
    for (const auto& [key, value] : query)
        if (key == name)
            return &value;
    return nullptr;
}

HttpResponse HttpResponse::json(int status, std::string body) {
    return shared(status, std::make_shared<const std::string>(std::move(body)));
}

HttpResponse HttpResponse::shared(int status, std::shared_ptr<const std::string> body) {
    HttpResponse response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

HttpResponse HttpResponse::error(ApiError error, std::string_view message) {
    return json(httpStatus(error), errorBody(error, message));
}

} // namespace topcoat::http

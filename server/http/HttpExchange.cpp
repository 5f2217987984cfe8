#include "HttpExchange.h"

#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/String.h>

namespace topcoat::http {

std::string HttpRequest::header(const std::string& name) const {
    return raw.get(name, "");
}

std::string HttpRequest::headerList(const std::string& name) const {
    std::string joined;
    for (auto field = raw.find(name); field != raw.end() && Poco::icompare(field->first, name) == 0;
         ++field)
        joined += (joined.empty() ? "" : ", ") + field->second;
    return joined;
}

bool HttpRequest::hasHeader(const std::string& name) const {
    return raw.has(name);
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

#pragma once

// What a route handler sees of a request and gives back: plain values, so handlers need no
// Poco streams and the dispatcher alone deals with sockets, limits and headers.

#include "ApiError.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace Poco::Net {
class HTTPServerRequest;
}

namespace topcoat::http {

inline constexpr std::string_view jsonContentType = "application/json; charset=utf-8";

struct HttpRequest {
    const Poco::Net::HTTPServerRequest& raw;
    std::string method;
    std::string path;
    std::vector<std::string> params; // the {placeholders} of the matched route, in order
    std::vector<std::pair<std::string, std::string>> query;
    std::string body;

    // Empty when absent.
    std::string header(const std::string& name) const;
    // Every line of a list header joined with ", ", in the order received: proxies may add a
    // line of their own instead of appending to the client's.
    std::string headerList(const std::string& name) const;
    bool hasHeader(const std::string& name) const;
    const std::string* queryValue(std::string_view name) const;
};

struct HttpResponse {
    int status = 200;
    std::shared_ptr<const std::string> body;
    std::string contentType{jsonContentType};
    std::vector<std::pair<std::string, std::string>> headers;

    static HttpResponse json(int status, std::string body);
    static HttpResponse shared(int status, std::shared_ptr<const std::string> body);
    static HttpResponse error(ApiError error, std::string_view message);
};

} // namespace topcoat::http

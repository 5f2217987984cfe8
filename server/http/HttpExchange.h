#pragma once

// What a route handler sees of a request and gives back: plain values, so handlers need no
// sockets or streams and the server alone deals with connections, limits and framing.

#include "ApiError.h"
#include "server/core/NetworkAddress.h"

#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace topcoat::http {

inline constexpr std::string_view jsonContentType = "application/json; charset=utf-8";

struct HeaderField {
    std::string name;  // as the client spelled it
    std::string value; // without surrounding whitespace
};

struct HttpRequest {
    // As parsed off the wire.
    std::string method;
    std::string target;   // origin form: "/path?query"
    int minorVersion = 1; // HTTP/1.x
    std::vector<HeaderField> headers;
    std::string body;
    bool keepAlive = true; // the client allows another request on this connection
    NetworkAddress peer;   // the TCP peer

    // Filled in by the dispatcher.
    std::string path;                // percent-decoded
    std::vector<std::string> params; // the {placeholders} of the matched route, in order
    std::vector<std::pair<std::string, std::string>> query;

    // The first field with this name (case-insensitive), empty when absent.
    std::string header(std::string_view name) const;
    // Every line of a list header joined with ", ", in the order received: proxies may add a
    // line of their own instead of appending to the client's.
    std::string headerList(std::string_view name) const;
    bool hasHeader(std::string_view name) const;
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

bool equalsIgnoringCase(std::string_view a, std::string_view b);

} // namespace topcoat::http

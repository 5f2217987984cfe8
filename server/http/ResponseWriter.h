#pragma once

// Turns an HttpResponse into the bytes of an HTTP/1.1 response: status line, Date, the API
// version header, the handler's headers, framing, then the body.

#include "HttpExchange.h"

#include <string>
#include <string_view>

namespace topcoat::http {

inline constexpr std::string_view apiVersionHeader = "X-Topcoat-Api";
inline constexpr std::string_view apiVersion = "1";
inline constexpr std::string_view continueResponse = "HTTP/1.1 100 Continue\r\n\r\n";

struct ResponseFraming {
    bool keepAlive = true;        // false adds `Connection: close`
    bool http10KeepAlive = false; // adds `Connection: keep-alive`, which HTTP/1.0 needs to hear
    bool headOnly = false;        // an answer to HEAD: the body's length, but not the body
};

// Appends the whole response to `out`.
void appendResponse(std::string& out, const HttpResponse& response, ResponseFraming framing);

std::string_view reasonPhrase(int status);

} // namespace topcoat::http

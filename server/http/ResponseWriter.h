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

// Appends the whole response to `out`. `keepAlive` false adds `Connection: close`;
// `http10KeepAlive` adds `Connection: keep-alive`, which an HTTP/1.0 client needs to hear.
void appendResponse(std::string& out, const HttpResponse& response, bool keepAlive,
                    bool http10KeepAlive = false);

std::string_view reasonPhrase(int status);

} // namespace topcoat::http

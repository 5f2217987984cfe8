#include "ResponseWriter.h"

#include <charconv>
#include <ctime>

namespace topcoat::http {
namespace {

// "Wed, 02 Dec 2026 04:21:15 GMT", formatted once a second per thread.
std::string_view httpDate() {
    thread_local std::time_t formattedAt = -1;
    thread_local char text[40];
    thread_local std::size_t length = 0;
    const auto now = std::time(nullptr);
    if (now != formattedAt) {
        std::tm utc{};
        gmtime_r(&now, &utc);
        length = std::strftime(text, sizeof text, "%a, %d %b %Y %H:%M:%S GMT", &utc);
        formattedAt = now;
    }
    return {text, length};
}

void appendNumber(std::string& out, std::size_t value) {
    char digits[24];
    const auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
    out.append(digits, end);
}

void appendField(std::string& out, std::string_view name, std::string_view value) {
    out.append(name).append(": ").append(value).append("\r\n");
}

} // namespace

std::string_view reasonPhrase(int status) {
    switch (status) {
    case 100:
        return "Continue";
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 304:
        return "Not Modified";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 408:
        return "Request Timeout";
    case 409:
        return "Conflict";
    case 413:
        return "Content Too Large";
    case 415:
        return "Unsupported Media Type";
    case 422:
        return "Unprocessable Content";
    case 429:
        return "Too Many Requests";
    case 431:
        return "Request Header Fields Too Large";
    case 500:
        return "Internal Server Error";
    case 501:
        return "Not Implemented";
    case 503:
        return "Service Unavailable";
    case 505:
        return "HTTP Version Not Supported";
    default:
        return "Unknown";
    }
}

void appendResponse(std::string& out, const HttpResponse& response, ResponseFraming framing) {
    static const std::string empty;
    const auto& body = response.body ? *response.body : empty;
    out.reserve(out.size() + 256 + body.size());
    out.append("HTTP/1.1 ");
    appendNumber(out, static_cast<std::size_t>(response.status));
    out.append(" ").append(reasonPhrase(response.status)).append("\r\n");
    appendField(out, "Date", httpDate());
    if (!response.contentType.empty())
        appendField(out, "Content-Type", response.contentType);
    appendField(out, apiVersionHeader, apiVersion);
    for (const auto& [name, value] : response.headers)
        appendField(out, name, value);
    if (!framing.keepAlive)
        appendField(out, "Connection", "close");
    else if (framing.http10KeepAlive)
        appendField(out, "Connection", "keep-alive");
    // A 304 has no body, and a Content-Length would claim the size of the one it stands for
    // (RFC 9110, 8.6).
    if (response.status == 304) {
        out.append("\r\n");
        return;
    }
    out.append("Content-Length: ");
    appendNumber(out, body.size());
    out.append("\r\n\r\n");
    if (!framing.headOnly)
        out.append(body);
}

} // namespace topcoat::http

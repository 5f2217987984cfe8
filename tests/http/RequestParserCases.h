#pragma once

// Byte streams for the request parser's tests: requests it must take, and requests it must
// refuse with the API error each is answered with.

#include "server/http/ApiError.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat::test {

// A GET of `target` with the given header lines (each ending in CRLF) and the empty line.
std::string get(std::string_view target = "/", std::string_view fields = "Host: shop\r\n");
// A POST with a Host, the given header lines, the empty line and `body` verbatim.
std::string post(std::string_view fields, std::string_view body);
std::string withLength(std::string_view body);
std::string chunked(std::string_view chunks);
std::string repeated(std::string_view text, std::size_t times);
// The start of a request head, `size` bytes long, that has not ended yet.
std::string headOfSize(std::size_t size);

struct RequestStream {
    const char* name;
    std::string bytes;
};

// Streams the parser takes whole requests from; some end with part of another one.
std::vector<RequestStream> acceptedStreams();

struct RefusedStream {
    const char* name;
    std::string bytes;
    http::ApiError error;
};

std::vector<RefusedStream> refusedStreams();

} // namespace topcoat::test

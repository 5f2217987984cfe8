#include "FramingCases.h"

#include "RawHttp.h"
#include "ShopRequests.h"

#include <cstdio>

namespace topcoat::test {
namespace {

std::string lengthOf(const std::string& body) {
    return std::to_string(body.size());
}

// POST /api/checkout with a JSON content type, the given header lines, and `body` verbatim.
std::string checkout(const std::string& headers, const std::string& body) {
    return rawRequest("POST", "/api/checkout", headers, body);
}

// A whole checkout request line and head with `version` and the given lines, no Host added.
std::string checkoutAs(const std::string& version, const std::string& headers,
                       const std::string& body) {
    return "POST /api/checkout " + version + "\r\n" + headers + "\r\n" + body;
}

// A GET whose request line is `requestLine` and whose header lines are `headers`.
std::string get(const std::string& requestLine, const std::string& headers = "Host: x\r\n") {
    return requestLine + "\r\n" + headers + "\r\n";
}

// A chunk size in hexadecimal digits.
std::string hex(std::size_t size) {
    char digits[32];
    std::snprintf(digits, sizeof digits, "%zx", size);
    return digits;
}

std::string lines(const std::string& line, int count) {
    std::string out;
    for (int i = 0; i < count; ++i)
        out += line;
    return out;
}

} // namespace

std::string paddedTo(const std::string& body, std::size_t size) {
    const std::string prefix = "{\"pad\":\"";
    const auto overhead = prefix.size() + 2 + (body.size() - 1);
    return prefix + std::string(size - overhead, 'p') + "\"," + body.substr(1);
}

std::vector<FramingCase> refusedFraming(const std::string& sku) {
    const auto body = checkoutBody(sku, 1);
    const auto length = "Content-Length: " + lengthOf(body) + "\r\n";
    const auto json = std::string("Content-Type: application/json\r\n");
    const auto chunkedBody = chunked(body, 16);
    const auto te = std::string("Transfer-Encoding: chunked\r\n");
    // Requests hidden behind a refused one: if either is ever read, it answers or buys.
    const auto smuggledGet = get("GET /api/products/NOPE HTTP/1.1");
    const auto smuggledCheckout = checkout(length, body);
    const auto large = paddedTo(body, 20 * 1024);

    return {
        // Framing: Content-Length and Transfer-Encoding.
        {"Content-Length and chunked, smuggled GET",
         checkout("Content-Length: " + lengthOf(chunkedBody) + "\r\n" + te,
                  chunkedBody + smuggledGet)},
        {"chunked and Content-Length, smuggled checkout",
         checkout(te + "Content-Length: 5\r\n", "0\r\n\r\n" + smuggledCheckout)},
        {"chunked in HTTP/1.0", checkoutAs("HTTP/1.0", json + te, chunkedBody)},
        {"space before the colon of Transfer-Encoding",
         checkout("Transfer-Encoding : chunked\r\n", chunkedBody + smuggledGet)},
        {"gzip, chunked", checkout("Transfer-Encoding: gzip, chunked\r\n", chunkedBody), 501,
         "not_implemented"},
        {"xchunked", checkout("Transfer-Encoding: xchunked\r\n", chunkedBody), 501,
         "not_implemented"},
        {"chunked, chunked", checkout("Transfer-Encoding: chunked, chunked\r\n", chunkedBody), 501,
         "not_implemented"},
        {"Transfer-Encoding twice", checkout(te + te, chunkedBody), 501, "not_implemented"},
        {"identity", checkout("Transfer-Encoding: identity\r\n", body), 501, "not_implemented"},
        {"two different lengths",
         checkout(length + "Content-Length: " + std::to_string(body.size() + 1) + "\r\n", body)},
        {"a list of different lengths", checkout("Content-Length: " + lengthOf(body) + ", " +
                                                     std::to_string(body.size() - 1) + "\r\n",
                                                 body)},
        {"length abc", checkout("Content-Length: abc\r\n", body)},
        {"length with a plus", checkout("Content-Length: +" + lengthOf(body) + "\r\n", body)},
        {"length -1", checkout("Content-Length: -1\r\n", body)},
        {"length with a trailing letter",
         checkout("Content-Length:  " + lengthOf(body) + "x\r\n", body)},
        {"length in hex", checkout("Content-Length: 0x3e\r\n", body)},
        {"empty length", checkout("Content-Length: \r\n", body)},
        {"chunk size not hex", checkout(te, "zz\r\n" + body + "\r\n0\r\n\r\n")},
        {"chunked body over 16 KiB", checkout(te, chunked(large, 4096)), 413, "payload_too_large"},
        // The head alone: refused from the length, before a byte of the body is sent.
        {"length over 16 KiB", checkout("Content-Length: 17408\r\n", ""), 413, "payload_too_large"},

        // The request line.
        {"HTTP/2.0", checkoutAs("HTTP/2.0", "Host: x\r\n" + json + length, body), 505,
         "http_version_not_supported"},
        {"HTTP/1.2", checkoutAs("HTTP/1.2", "Host: x\r\n" + json + length, body), 505,
         "http_version_not_supported"},
        {"HTTP/0.9", get("GET /healthz HTTP/0.9"), 505, "http_version_not_supported"},
        {"version Hosty", checkoutAs("Hosty", "Host: x\r\n" + json + length, body)},
        {"version HTTP/1.x", get("GET /healthz HTTP/1.x")},
        {"version HTTP/11", get("GET /healthz HTTP/11")},
        {"version in lower case", get("GET /healthz http/1.1")},
        {"method not a token", get("GE(T /healthz HTTP/1.1")},
        {"two spaces after the method", get("GET  /healthz HTTP/1.1")},
        {"target not a path", get("GET healthz HTTP/1.1")},
        {"bare LF line endings", "GET /healthz HTTP/1.1\nHost: x\n\n"},
        {"a bare LF in the head", "GET /healthz HTTP/1.1\r\nHost: x\nX-A: b\r\n\r\n"},
        {"a bare CR in the head", "GET /healthz HTTP/1.1\r\nHost: x\rX-A: b\r\n\r\n"},

        // Header fields.
        {"no Host", checkoutAs("HTTP/1.1", json + length, body)},
        {"two Host fields", checkout("Host: 127.0.0.1\r\n" + length, body)},
        {"obsolete line folding", checkout(length + "X-Note: first\r\n  second\r\n", body)},
        {"folding with a tab", checkout(length + "X-Note: first\r\n\tsecond\r\n", body)},
        {"space before a colon", checkout(length + "X-Note : value\r\n", body)},
        {"field name not a token", checkout(length + "X(Note): value\r\n", body)},
        {"control character in a value", checkout(length + "X-Note: a\x01z\r\n", body)},
        {"101 field lines", checkout(length + lines("X-Pad: p\r\n", 98), body), 431,
         "headers_too_large"},
        {"head over 16 KiB",
         checkout(length + lines("X-Pad: " + std::string(1000, 'p') + "\r\n", 17), body), 431,
         "headers_too_large"},
        {"request line over 16 KiB", get("GET /" + std::string(17 * 1024, 'a') + " HTTP/1.1"), 431,
         "headers_too_large"},
    };
}

std::vector<FramingCase> acceptedFraming(const std::string& sku) {
    const auto body = checkoutBody(sku, 1);
    const auto n = lengthOf(body);
    const auto json = std::string("Content-Type: application/json\r\n");
    const auto length = "Content-Length: " + n + "\r\n";
    const auto split = body.size() / 2;

    return {
        {"a list of one length", checkout("Content-Length: " + n + ", " + n + "\r\n", body)},
        {"the same length twice", checkout(length + length, body)},
        {"chunked in mixed case", checkout("Transfer-Encoding: ChUnKeD\r\n", chunked(body, 9))},
        {"chunk extensions and trailer fields",
         checkout("Transfer-Encoding: chunked\r\n",
                  hex(split) + ";kind=first\r\n" + body.substr(0, split) + "\r\n" +
                      hex(body.size() - split) + "\r\n" + body.substr(split) +
                      "\r\n0;last=yes\r\nX-Checksum: none\r\n\r\n")},
        {"upper-case chunk size", checkout("Transfer-Encoding: chunked\r\n",
                                           "AB\r\n" + paddedTo(body, 0xAB) + "\r\n0\r\n\r\n")},
        {"empty lines before the request line", "\r\n\r\n" + checkout(length, body)},
        {"absolute URI", "POST http://127.0.0.1/api/checkout HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                             json + length + "\r\n" + body},
        {"HTTP/1.0 without Host", checkoutAs("HTTP/1.0", json + length, body)},
        {"tabs around a value", "POST /api/checkout HTTP/1.1\r\nHost:\t127.0.0.1\t\r\n" +
                                    std::string("Content-Type:\tapplication/json \r\n") + length +
                                    "\r\n" + body},
        {"100 field lines", checkout(length + lines("X-Pad: p\r\n", 97), body)},
        {"head under 16 KiB",
         checkout(length + lines("X-Pad: " + std::string(1400, 'p') + "\r\n", 10), body)},
    };
}

} // namespace topcoat::test

#include "RequestParserCases.h"

namespace topcoat::test {

using http::ApiError;

std::string get(std::string_view target, std::string_view fields) {
    return "GET " + std::string(target) + " HTTP/1.1\r\n" + std::string(fields) + "\r\n";
}

std::string post(std::string_view fields, std::string_view body) {
    return "POST /api/checkout HTTP/1.1\r\nHost: shop\r\n" + std::string(fields) + "\r\n" +
           std::string(body);
}

std::string withLength(std::string_view body) {
    return post("Content-Length: " + std::to_string(body.size()) + "\r\n", body);
}

std::string chunked(std::string_view chunks) {
    return post("Transfer-Encoding: chunked\r\n", chunks);
}

std::string repeated(std::string_view text, std::size_t times) {
    std::string out;
    for (std::size_t i = 0; i < times; ++i)
        out += text;
    return out;
}

std::string headOfSize(std::size_t size) {
    std::string head = "GET / HTTP/1.1\r\nHost: shop\r\nX-Pad: ";
    head.resize(size, 'p');
    return head;
}

std::vector<RequestStream> acceptedStreams() {
    const std::string body = R"({"sku":"TEE-1","quantity":1})";
    return {
        {"GET", get()},
        {"Content-Length body", withLength(body)},
        {"Content-Length 0", post("Content-Length: 0\r\n", "")},
        {"Content-Length list that agrees", post("Content-Length: 5, 5\r\n", "hello")},
        {"Content-Length twice, agreeing",
         post("Content-Length: 5\r\ncontent-length: 5\r\n", "hello")},
        {"body of exactly 16 KiB", withLength(std::string(16 * 1024, 'b'))},
        {"chunked", chunked("5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n")},
        {"chunked with extensions and trailers",
         chunked("5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n0;last\r\nDigest: x\r\n"
                 "Other: y\r\n\r\n")},
        {"chunk sizes with leading zeros",
         chunked("000000000005\r\nhello\r\n0000000000000000000\r\n\r\n")},
        {"chunk sizes in either case", chunked("a\r\n0123456789\r\nB\r\n0123456789a\r\n0\r\n\r\n")},
        {"transfer coding in any case", post("Transfer-Encoding: ChUnKeD\r\n", "0\r\n\r\n")},
        {"chunked body of exactly 16 KiB",
         chunked("2000\r\n" + std::string(0x2000, 'c') + "\r\n2000\r\n" + std::string(0x2000, 'd') +
                 "\r\n0\r\n\r\n")},
        {"leading empty lines", "\r\n\r\n" + get()},
        {"absolute-form target", get("http://shop.example:8080/api/products?page=2")},
        {"absolute-form target without a path", get("HTTPS://shop.example")},
        {"absolute-form target with only a query", get("http://shop.example?x=1")},
        {"HTTP/1.0 without Host", "GET /healthz HTTP/1.0\r\n\r\n"},
        {"HTTP/1.0 keep-alive", "GET /healthz HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n"},
        {"HTTP/1.0 keep-alive and close",
         "GET /healthz HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n"},
        {"Connection: close", get("/", "Host: shop\r\nConnection: upgrade, Close\r\n")},
        {"Expect: 100-continue", post("Expect: 100-continue\r\nContent-Length: 5\r\n", "hello")},
        {"Expect: 100-continue, chunked",
         post("Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n", "3\r\nabc\r\n0\r\n\r\n")},
        {"whitespace around field values", get("/", "Host:shop \r\nX-A:\t a b \t\r\n")},
        {"obs-text in a field value", get("/", "Host: shop\r\nX-Name: caf\xC3\xA9\r\n")},
        {"100 header lines", get("/", "Host: shop\r\n" + repeated("X-Pad: p\r\n", 99))},
        {"pipelined", get("/a") + withLength(body) + chunked("3\r\nabc\r\n0\r\nT: 1\r\n\r\n") +
                          "\r\n" + get("/b", "Host: shop\r\nConnection: close\r\n")},
        {"pipelined, the last one partial", get("/a") + withLength(body) + "POST /x HTTP/1.1\r\nH"},
        {"a head not yet complete", "GET /api/products HTTP/1.1\r\nHost: shop\r\n"},
        {"a body not yet complete", post("Content-Length: 10\r\n", "01234")},
        {"a chunked body not yet complete", chunked("5\r\nhel")},
        {"trailers not yet complete", chunked("0\r\nDigest: x\r\n")},
        {"only empty lines", "\r\n\r\n\r"},
        {"chunk line of exactly 1024 bytes",
         chunked("3;" + std::string(1022, 'e') + "\r\nabc\r\n0\r\n\r\n")},
    };
}

std::vector<RefusedStream> refusedStreams() {
    const auto invalid = ApiError::InvalidRequest;
    const auto tooLarge = ApiError::PayloadTooLarge;
    const auto headersTooLarge = ApiError::HeadersTooLarge;
    const auto notImplemented = ApiError::NotImplemented;
    const auto version = ApiError::HttpVersionNotSupported;
    const auto hidden = get("/api/products/SMUGGLED");
    return {
        // Line ends.
        {"bare LF after the request line", "GET / HTTP/1.1\nHost: shop\r\n\r\n", invalid},
        {"bare LF ending the head", "GET / HTTP/1.1\r\nHost: shop\r\n\n", invalid},
        {"bare CR in a field", "GET / HTTP/1.1\r\nHost: shop\rX: y\r\n\r\n", invalid},
        {"bare CR in the request line", "GET /\r HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"bare LF before the request", "\nGET / HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"bare CR before the request", "\r\rGET / HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"bare CR ending the head", "GET / HTTP/1.1\r\nHost: shop\r\n\rX", invalid},
        // Request line.
        {"no version", "GET /\r\nHost: shop\r\n\r\n", invalid},
        {"no target", "GET\r\nHost: shop\r\n\r\n", invalid},
        {"two spaces", "GET  / HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"space after the version", "GET / HTTP/1.1 \r\nHost: shop\r\n\r\n", invalid},
        {"method not a token", "G(T / HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"empty method", " / HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"tab in the target", "GET /a\tb HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"non-ASCII in the target", get("/caf\xC3\xA9"), invalid},
        {"NUL in the target", get(std::string("/a\0b", 4)), invalid},
        {"asterisk-form target", "OPTIONS * HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"authority-form target", "CONNECT shop:443 HTTP/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"another scheme", get("ftp://shop/a"), invalid},
        {"lowercase version", "GET / http/1.1\r\nHost: shop\r\n\r\n", invalid},
        {"version with more digits", "GET / HTTP/1.10\r\nHost: shop\r\n\r\n", invalid},
        {"version not a number", "GET / HTTP/x.1\r\nHost: shop\r\n\r\n", invalid},
        {"HTTP/2.0", "GET / HTTP/2.0\r\nHost: shop\r\n\r\n", version},
        {"HTTP/1.2", "GET / HTTP/1.2\r\nHost: shop\r\n\r\n", version},
        {"HTTP/0.9", "GET / HTTP/0.9\r\n\r\n", version},
        // Header fields.
        {"no Host", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n", invalid},
        {"two Hosts", get("/", "Host: shop\r\nhost: other\r\n"), invalid},
        {"whitespace before the colon", get("/", "Host : shop\r\n"), invalid},
        {"obsolete line folding", get("/", "Host: shop\r\nX-A: a\r\n folded\r\n"), invalid},
        {"field without a colon", get("/", "Host: shop\r\nX-A\r\n"), invalid},
        {"empty field name", get("/", "Host: shop\r\n: x\r\n"), invalid},
        {"field name not a token", get("/", "Host: shop\r\nX@A: x\r\n"), invalid},
        {"control character in a value", get("/", "Host: shop\r\nX-A: a\x01z\r\n"), invalid},
        {"NUL in a value", get("/", std::string("Host: shop\r\nX-A: a\0z\r\n", 22)), invalid},
        {"DEL in a value", get("/", "Host: shop\r\nX-A: a\x7Fz\r\n"), invalid},
        // Framing.
        {"Content-Length with a sign", post("Content-Length: +5\r\n", "hello"), invalid},
        {"negative Content-Length", post("Content-Length: -1\r\n", ""), invalid},
        {"hexadecimal Content-Length", post("Content-Length: 0x5\r\n", "hello"), invalid},
        {"empty Content-Length", post("Content-Length:\r\n", ""), invalid},
        {"Content-Length list with a gap", post("Content-Length: 5,\r\n", "hello"), invalid},
        {"Content-Length list that disagrees", post("Content-Length: 5, 6\r\n", "hello!"), invalid},
        {"Content-Length lines that disagree",
         post("Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"), invalid},
        {"Content-Length with chunked",
         post("Content-Length: 13\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n" + hidden),
         invalid},
        {"chunked with Content-Length",
         post("Transfer-Encoding: chunked\r\nContent-Length: 5\r\n", "0\r\n\r\n" + hidden),
         invalid},
        {"chunked in HTTP/1.0",
         "POST /x HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n" + hidden, invalid},
        {"gzip, chunked", post("Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"),
         notImplemented},
        {"xchunked", post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n"), notImplemented},
        {"chunked, chunked", post("Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n"),
         notImplemented},
        {"Transfer-Encoding twice",
         post("Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
         notImplemented},
        {"identity", post("Transfer-Encoding: identity\r\n", ""), notImplemented},
        {"chunk size not hexadecimal", chunked("g\r\nhello\r\n0\r\n\r\n"), invalid},
        {"chunk size missing", chunked("\r\nhello\r\n0\r\n\r\n"), invalid},
        {"negative chunk size", chunked("-5\r\nhello\r\n0\r\n\r\n"), invalid},
        {"junk after a chunk size", chunked("5 5\r\nhello\r\n0\r\n\r\n"), invalid},
        {"control character in a chunk extension", chunked("5;\x01\r\nhello\r\n0\r\n\r\n"),
         invalid},
        {"chunk data not ending in CRLF", chunked("5\r\nhelloXY0\r\n\r\n"), invalid},
        {"chunk data ending in LF", chunked("5\r\nhello\n0\r\n\r\n"), invalid},
        {"bare LF after a chunk size", chunked("5\nhello\r\n0\r\n\r\n"), invalid},
        {"bare CR in a chunk size", chunked("5\rhello\r\n0\r\n\r\n"), invalid},
        {"trailer without a colon", chunked("0\r\nDigest\r\n\r\n" + hidden), invalid},
        {"bare LF ending the trailers", chunked("0\r\nDigest: x\r\n\n"), invalid},
        {"chunk line over 1024 bytes",
         chunked("3;" + std::string(1023, 'e') + "\r\nabc\r\n0\r\n\r\n"), invalid},
        {"bare CR in a long chunk extension",
         chunked("3;" + std::string(1030, 'e') + "\rabc\r\n0\r\n\r\n"), invalid},
        // Sizes.
        {"Content-Length over 16 KiB", post("Content-Length: 16385\r\n", ""), tooLarge},
        {"Content-Length past 64 bits", post("Content-Length: 99999999999999999999999\r\n", ""),
         tooLarge},
        {"chunked body over 16 KiB",
         chunked("2001\r\n" + std::string(0x2001, 'c') + "\r\n2000\r\n" + std::string(0x2000, 'd') +
                 "\r\n0\r\n\r\n"),
         tooLarge},
        {"one chunk over 16 KiB", chunked("4001\r\n"), tooLarge},
        {"chunk size past 32 bits", chunked("100000000\r\n"), tooLarge},
        {"chunk size past 64 bits", chunked("10000000000000000000000000005\r\nhello\r\n"),
         tooLarge},
        {"head over 16 KiB",
         get("/", "Host: shop\r\nX-Pad: " + std::string(16 * 1024, 'p') + "\r\n"), headersTooLarge},
        {"request line over 16 KiB", get("/" + std::string(16 * 1024, 'p')), headersTooLarge},
        {"101 header lines", get("/", "Host: shop\r\n" + repeated("X-Pad: p\r\n", 100)),
         headersTooLarge},
        {"16 KiB of empty lines", repeated("\r\n", 8 * 1024 + 1) + get(), headersTooLarge},
        {"trailers over 16 KiB", chunked("0\r\n" + repeated("X-Pad: pppppppppp\r\n", 1000)),
         headersTooLarge},
        {"a trailer line over 16 KiB without a colon",
         chunked("0\r\nX-Pad" + std::string(16 * 1024, 'p') + "\r\n\r\n"), headersTooLarge},
        {"a trailer line over 16 KiB with a bare CR",
         chunked("0\r\nX-Pad: " + std::string(16 * 1024, 'p') + "\rX\r\n\r\n"), headersTooLarge},
        {"a trailer line over 16 KiB",
         chunked("0\r\nX-Pad: " + std::string(16 * 1024, 'p') + "\r\n\r\n"), headersTooLarge},
    };
}

} // namespace topcoat::test

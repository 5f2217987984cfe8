#pragma once

// Sends bytes exactly as given on a fresh TCP connection and reads one HTTP response: for
// requests Poco's client will not write (chunked bodies with lying lengths, broken targets,
// garbage request lines). RawConnection drives a connection by hand for longer exchanges.

#include "tests/support/HttpClient.h"

#include <cstdint>
#include <string>

namespace topcoat::test {

// Throws Poco::Exception when the server closes without a readable response.
HttpResult exchangeRaw(std::uint16_t port, const std::string& bytes);

// "POST path HTTP/1.1" with JSON content type and the given extra header lines (each ending
// in \r\n), followed by `body` verbatim: callers frame the body themselves.
std::string rawRequest(const std::string& method, const std::string& path,
                       const std::string& extraHeaders, const std::string& body);
// "METHOD path HTTP/1.1" with Host, the given header lines and, for a non-empty body, its
// Content-Length: no Content-Type unless `extraHeaders` names one.
std::string framedRequest(const std::string& method, const std::string& path,
                          const std::string& extraHeaders = {}, const std::string& body = {});
// One request with a Content-Length body (and the admin token unless ""), sent whole even if
// the server answers early: Poco's client gives up on such a request instead of reading.
HttpResult sendWhole(std::uint16_t port, const std::string& method, const std::string& path,
                     const std::string& body, const std::string& token = {});
// `body` as HTTP/1.1 chunks of at most `chunkSize` bytes, with or without the final 0 chunk.
std::string chunked(const std::string& body, std::size_t chunkSize, bool terminate = true);

// A loopback address of its own for the n-th simulated customer (127.1.0.1, 127.1.0.2, …), so
// that thousands of test connections count as thousands of clients, not one.
std::string loopbackAddress(int n);

} // namespace topcoat::test

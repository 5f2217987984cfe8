#pragma once

// Checks of how the front door answers and ends an exchange on a raw connection: the status
// line, Connection: close, and whether the connection really closes afterwards. Each returns
// "" when the server behaved, else a description for QVERIFY2.

#include "RawConnection.h"

#include <QString>
#include <chrono>
#include <optional>
#include <string>

namespace topcoat::test {

// The response (or its absence) with its status line version, for failure messages.
QString describe(const std::optional<RawResponse>& response);

// The server closes `connection` within `timeout` and sends nothing more before that.
QString closeMismatch(RawConnection& connection,
                      std::chrono::milliseconds timeout = std::chrono::seconds(5));
// The next response on `connection` arrives within `timeout` and is the API error `code` with
// `status` under an HTTP/1.1 status line and Connection: close; then the connection closes
// with nothing more sent, so no byte after the refused request was taken as another one.
QString refusalMismatch(RawConnection& connection, int status, const std::string& code,
                        std::chrono::milliseconds timeout = std::chrono::seconds(20));
// The same for a response already read from `connection` (or its absence).
QString refusalMismatch(RawConnection& connection, const std::optional<RawResponse>& response,
                        int status, const std::string& code);
// "Connection: close" is among the response's connection options.
bool saysClose(const HttpResult& response);

} // namespace topcoat::test

#pragma once

// Checks of the wire contract shared by the HTTP tests: the exact error shape, the JSON
// content type, the API version header. Each returns "" when the response conforms, else a
// description that names the response, for QVERIFY2.

#include "tests/support/HttpClient.h"

#include <Poco/JSON/Object.h>
#include <QString>
#include <QtTest>
#include <set>
#include <string>

namespace topcoat::test {

// Status, body and the headers a reader needs to see why a check failed.
QString describe(const HttpResult& result);

// `status` with the headers every API response carries (below).
QString responseMismatch(const HttpResult& result, int status);
// `status` with exactly {"error":{"code":code,"message":"<non-empty>"}} and the common headers.
QString errorMismatch(const HttpResult& result, int status, const std::string& code);
// Like errorMismatch, for any 4xx status given: the client's fault, never the server's.
QString clientErrorMismatch(const HttpResult& result, int status);
// X-Topcoat-Api: 1 and a JSON content type.
QString headerMismatch(const HttpResult& result);

// The names of an object's members.
std::set<std::string> keysOf(const Poco::JSON::Object::Ptr& object);
// "" when `object` has every member in `required` (the contract lets the server add more).
QString missingKeys(const Poco::JSON::Object::Ptr& object, const std::set<std::string>& required);
std::set<std::string> productKeys();
std::set<std::string> orderKeys();
std::set<std::string> saleKeys();
// True for "2026-11-22T18:00:00Z" and other RFC 3339 UTC times.
bool isRfc3339Utc(const std::string& text);

} // namespace topcoat::test

#define TOPCOAT_VERIFY_EMPTY(check)                                                                \
    do {                                                                                           \
        const QString topcoatMismatch = (check);                                                   \
        QVERIFY2(topcoatMismatch.isEmpty(), qPrintable(topcoatMismatch));                          \
    } while (false)

// The response is the API error `code` with `status`, in the exact error shape.
#define EXPECT_API_ERROR(result, status, code)                                                     \
    TOPCOAT_VERIFY_EMPTY(topcoat::test::errorMismatch((result), (status), (code)))

// The response has `status` and the API's headers; `result` is evaluated exactly once.
#define EXPECT_API_RESPONSE(result, status)                                                        \
    TOPCOAT_VERIFY_EMPTY(topcoat::test::responseMismatch((result), (status)))

// `result` may be the request itself: it is evaluated exactly once.
#define EXPECT_STATUS(result, expected)                                                            \
    do {                                                                                           \
        const topcoat::test::HttpResult& topcoatResult = (result);                                 \
        QVERIFY2(topcoatResult.status == (expected),                                               \
                 qPrintable(topcoat::test::describe(topcoatResult)));                              \
    } while (false)

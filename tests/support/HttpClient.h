#pragma once

// A small blocking HTTP/1.1 client for tests, on Poco's client session: one keep-alive
// connection per client, so each test thread should own its own.

#include <Poco/JSON/Object.h>
#include <Poco/Net/HTTPClientSession.h>
#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace topcoat::test {

// A PUT /admin/protection body that switches off the per-client rate limit and shedding, for
// tests that load the server from one address on purpose.
inline constexpr const char* unlimitedProtection =
    R"({"client_rate":{"per_second":0},"max_in_flight":0})";

struct HttpResult {
    int status = 0;
    std::string body;
    std::map<std::string, std::string> headers; // names lower-cased

    // The body parsed as a JSON object (throws if it is not one).
    Poco::JSON::Object::Ptr json() const;
    // error.code of an API error body, or "" when there is none.
    std::string errorCode() const;
    std::string header(const std::string& lowerCaseName) const;
};

class HttpClient {
public:
    HttpClient(std::string host, std::uint16_t port);

    // Bearer token sent with every request from now on ("" sends none).
    void setToken(std::string token) { token_ = std::move(token); }

    HttpResult get(const std::string& path, const std::map<std::string, std::string>& headers = {});
    HttpResult post(const std::string& path, const std::string& body,
                    const std::map<std::string, std::string>& headers = {});
    HttpResult put(const std::string& path, const std::string& body,
                   const std::map<std::string, std::string>& headers = {});
    HttpResult del(const std::string& path, const std::map<std::string, std::string>& headers = {});
    HttpResult request(const std::string& method, const std::string& path,
                       const std::string& body = {},
                       const std::map<std::string, std::string>& headers = {});

private:
    std::string host_;
    std::uint16_t port_;
    std::string token_;
    std::unique_ptr<Poco::Net::HTTPClientSession> session_;
};

} // namespace topcoat::test

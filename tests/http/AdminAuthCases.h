#pragma once

// Every admin route and method (plus paths and methods that do not exist) crossed with every
// way of getting the Authorization header wrong: all of them must be 401 and change nothing.

#include <string>
#include <vector>

namespace topcoat::test {

struct AdminRequest {
    std::string method;
    std::string path;
    std::string body; // a body that would be valid with the token, so a leak would show
};

struct BadCredentials {
    std::string name;
    std::string authorization; // "" sends no Authorization header
};

// `sku` an existing product, `saleId` a live sale and `scheduledSaleId` one still to come: the
// requests would change them if let in.
std::vector<AdminRequest> adminRequests(const std::string& sku, long long saleId,
                                        long long scheduledSaleId);
std::vector<BadCredentials> badCredentials(const std::string& token);

} // namespace topcoat::test

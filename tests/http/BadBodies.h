#pragma once

// The catalogue of bad request bodies for every body-taking route of API.md: malformed JSON,
// wrong top-level types, wrong field types, out-of-range and huge numbers, deep nesting,
// broken UTF-8 and control characters, invalid SKUs, missing fields. Every case must be
// refused with the status and code given, and change nothing.

#include <string>
#include <vector>

namespace topcoat::test {

struct BadBody {
    std::string name;
    bool admin = false; // sent to the admin port with the token, else to the storefront
    std::string method;
    std::string path;
    std::string body;
    int status = 400;
    std::string code = "invalid_request";
};

// `sku` is an existing product (price 1000, stock 10) that no case may change; `newSku` is a
// valid SKU that does not exist and must still not exist afterwards; `saleId` is a scheduled
// sale of `sku` that no edit may change.
std::vector<BadBody> badBodies(const std::string& sku, const std::string& newSku, long long saleId);

// A JSON value nested `depth` arrays deep, e.g. [[[1]]] for 3; unclosed leaves it open.
std::string nestedArrays(std::size_t depth, bool closed = true);

} // namespace topcoat::test

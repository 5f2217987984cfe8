#pragma once

// The catalogue of requests the front door must refuse for their framing or syntax alone
// (RFC 9112 as API.md's "The front door" narrows it), and of unusual but valid ones it must
// serve. Every case is a whole checkout of one unit: a refused one that is taken anyway, or
// that lets a request hidden behind it through, shows up as stock gone.

#include <string>
#include <vector>

namespace topcoat::test {

struct FramingCase {
    std::string name;
    std::string bytes; // sent as they are on a fresh storefront connection
    int status = 400;
    std::string code = "invalid_request";
};

// Refused: the connection must be answered `status`/`code` and closed, and nothing bought.
std::vector<FramingCase> refusedFraming(const std::string& sku);
// Served: each buys exactly one unit of `sku` (status 201).
std::vector<FramingCase> acceptedFraming(const std::string& sku);

// `body` (a JSON object) made `size` bytes long by an unknown "pad" member in front.
std::string paddedTo(const std::string& body, std::size_t size);

} // namespace topcoat::test

#pragma once

// The catalog's plain records: a product as the shop sells it and a customer review of it.

#include <cstdint>
#include <string>

namespace topcoat {

struct Product {
    std::string sku;
    std::string name;
    std::string shadeHex; // "#rrggbb"
    std::int64_t priceCents = 0;
    // Taken out of the storefront (listing, detail, checkout, new sales) but kept, with its
    // stock and orders, for the owner and for the orders that name it.
    bool archived = false;
};

struct Review {
    std::string author;
    int rating = 0; // 1..5
    std::string body;
};

} // namespace topcoat

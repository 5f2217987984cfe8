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
};

struct Review {
    std::string author;
    int rating = 0; // 1..5
    std::string body;
};

} // namespace topcoat

#pragma once

// Where an order is sent, as the customer gave it at checkout: a name, one or two address
// lines, a city, a postal code (empty where the country has none) and an ISO 3166-1 alpha-2
// country code. Optional on an order: a shop that hands orders over the counter asks for none.

#include <optional>
#include <string>
#include <string_view>

namespace topcoat {

struct ShippingAddress {
    std::string name;
    std::string line1;
    std::string line2; // empty when none
    std::string city;
    std::string postalCode; // empty when none
    std::string country;    // "DE", "US", ...
    bool operator==(const ShippingAddress&) const = default;
};

// Why `address` cannot be shipped to ("shipping.country must be ..."), or nothing: text fields
// are UTF-8 without control characters and not only blanks (name 1-120 bytes, line1 1-200,
// line2 0-200, city 1-100), the postal code 0-16 letters, digits, blanks and hyphens, and the
// country an assigned ISO 3166-1 alpha-2 code in capitals.
std::optional<std::string> shippingProblem(const ShippingAddress& address);

bool isCountryCode(std::string_view code);

// The address as lines for a label or an e-mail: name, lines, postal code and city, country.
std::string shippingLabel(const ShippingAddress& address);

} // namespace topcoat

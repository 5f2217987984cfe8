#include "ShippingAddress.h"

#include "Validation.h"

#include <algorithm>
#include <array>

namespace topcoat {
namespace {

// ISO 3166-1 alpha-2, officially assigned codes.
constexpr std::array<std::string_view, 249> countryCodes{
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW"};

bool isText(std::string_view text, std::size_t maxBytes) {
    return isPlainText(text, maxBytes) &&
           text.find_first_not_of(" \u00a0") != std::string_view::npos;
}

bool isPostalCode(std::string_view code) {
    return code.size() <= 16 && std::all_of(code.begin(), code.end(), [](unsigned char c) {
               return std::isalnum(c) || c == ' ' || c == '-';
           });
}

} // namespace

bool isCountryCode(std::string_view code) {
    return std::binary_search(countryCodes.begin(), countryCodes.end(), code);
}

std::optional<std::string> shippingProblem(const ShippingAddress& address) {
    if (!isText(address.name, 120))
        return "shipping.name must be 1-120 bytes of text";
    if (!isText(address.line1, 200))
        return "shipping.line1 must be 1-200 bytes of text";
    if (!address.line2.empty() && !isText(address.line2, 200))
        return "shipping.line2 must be at most 200 bytes of text";
    if (!isText(address.city, 100))
        return "shipping.city must be 1-100 bytes of text";
    if (!isPostalCode(address.postalCode))
        return "shipping.postal_code must be at most 16 letters, digits, spaces and hyphens";
    if (!isCountryCode(address.country))
        return "shipping.country must be an ISO 3166-1 alpha-2 code in capitals, like DE or US";
    return std::nullopt;
}

std::string shippingLabel(const ShippingAddress& address) {
    std::string label = address.name + '\n' + address.line1 + '\n';
    if (!address.line2.empty())
        label += address.line2 + '\n';
    if (!address.postalCode.empty())
        label += address.postalCode + ' ';
    return label + address.city + '\n' + address.country;
}

} // namespace topcoat

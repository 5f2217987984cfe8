#pragma once

// Who the shop is to its customers: the name, currency, contact address and logo the storefront
// page shows (and order e-mails will), with the rules each must meet. Plain C++, no I/O.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace topcoat {

enum class LogoType { Png, Jpeg, Svg };

struct ShopLogo {
    LogoType type = LogoType::Png;
    std::string bytes;
    bool operator==(const ShopLogo&) const = default;
};

struct ShopIdentity {
    std::string name = "Topcoat";
    std::string currency = "USD";
    std::optional<std::string> contactEmail; // none: the page shows no contact line
    std::optional<ShopLogo> logo;            // none: the page keeps its own mark
    bool operator==(const ShopIdentity&) const = default;
};

inline constexpr std::size_t maxShopNameCharacters = 80;
inline constexpr std::size_t maxContactEmailBytes = 254;
// As large as a request body may be (ParserLimits::maxBodyBytes), so an image sent on its
// own (PUT /admin/shop/logo) can reach the cap.
inline constexpr std::size_t maxLogoBytes = 16 * 1024;

// 1..80 characters of valid UTF-8, not all blank, without control characters (C0, DEL, C1).
bool isValidShopName(std::string_view name);

// The ISO 4217 codes a shop may sell in, sorted. Every amount on the wire is in hundredths of
// the unit (`*_cents`), so only currencies whose minor unit is a hundredth are listed: a yen
// or dinar price would otherwise be shown a hundred or ten times off.
std::span<const std::string_view> shopCurrencies();
bool isShopCurrency(std::string_view code);

// local@domain: up to 254 visible ASCII characters, one `@`, a local part of at most 64, and a
// domain of dot-separated labels (letters, digits, hyphens; none empty or edged by a hyphen)
// with at least one dot.
bool isPlausibleEmail(std::string_view address);

// What the bytes are, from their first bytes (PNG and JPEG signatures, an SVG root element
// after an optional XML declaration); nothing when they are none of the three.
std::optional<LogoType> logoTypeOf(std::string_view bytes);
std::string_view mediaTypeOf(LogoType type);
std::optional<LogoType> logoTypeForMediaType(std::string_view mediaType);

// The first rule the logo breaks (empty, too large, not a PNG/JPEG/SVG, or not the type it
// claims), or "" when it is acceptable.
std::string logoProblem(const ShopLogo& logo);

// The first rule the identity breaks, or "" when every field is acceptable.
std::string identityProblem(const ShopIdentity& identity);

} // namespace topcoat

#include "ShopIdentity.h"

#include "Validation.h"

#include <algorithm>
#include <array>

namespace topcoat {
namespace {

// ISO 4217 active codes with a minor unit of two digits (funds, metals and test codes left out).
constexpr std::array<std::string_view, 134> currencies{
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF",
    "CNY", "COP", "CRC", "CUP", "CVE", "CZK", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR",
    "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF",
    "IDR", "ILS", "INR", "IRR", "JMD", "KES", "KGS", "KHR", "KPW", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR",
    "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "PAB", "PEN", "PGK",
    "PHP", "PKR", "PLN", "QAR", "RON", "RSD", "RUB", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD",
    "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TOP",
    "TRY", "TTD", "TWD", "TZS", "UAH", "USD", "UYU", "UZS", "VES", "WST", "XCD", "XCG", "YER",
    "ZAR", "ZMW", "ZWG", "ZWL"};

bool isVisibleAscii(char c) {
    return c > ' ' && c < 0x7f;
}
bool isLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool isDomainLabel(std::string_view label) {
    return !label.empty() && label.size() <= 63 && label.front() != '-' && label.back() != '-' &&
           std::all_of(label.begin(), label.end(),
                       [](char c) { return isLetterOrDigit(c) || c == '-'; });
}

bool isBlank(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view withoutLeadingBlanks(std::string_view text) {
    while (!text.empty() && isBlank(text.front()))
        text.remove_prefix(1);
    return text;
}

// An SVG document: after an optional byte-order mark, XML declaration, comments and doctype,
// the root element is <svg. Only the start is looked at; a browser decides the rest.
bool looksLikeSvg(std::string_view text) {
    if (text.starts_with("\xef\xbb\xbf"))
        text.remove_prefix(3);
    for (int steps = 0; steps < 32; ++steps) {
        text = withoutLeadingBlanks(text);
        std::string_view end;
        if (text.starts_with("<?xml"))
            end = "?>";
        else if (text.starts_with("<!--"))
            end = "-->";
        else if (text.starts_with("<!DOCTYPE"))
            end = ">";
        else
            return text.starts_with("<svg") && text.size() > 4 &&
                   (isBlank(text[4]) || text[4] == '>' || text[4] == '/');
        const auto at = text.find(end);
        if (at == std::string_view::npos)
            return false;
        text.remove_prefix(at + end.size());
    }
    return false;
}

} // namespace

static_assert(std::is_sorted(currencies.begin(), currencies.end()), "binary_search needs order");

bool isValidShopName(std::string_view name) {
    const auto length = controlFreeTextLength(name);
    return length && *length >= 1 && *length <= maxShopNameCharacters &&
           std::any_of(name.begin(), name.end(), [](char c) { return c != ' '; });
}

std::span<const std::string_view> shopCurrencies() {
    return currencies;
}

bool isShopCurrency(std::string_view code) {
    return std::binary_search(currencies.begin(), currencies.end(), code);
}

bool isPlausibleEmail(std::string_view address) {
    if (address.size() < 3 || address.size() > maxContactEmailBytes ||
        !std::all_of(address.begin(), address.end(), isVisibleAscii))
        return false;
    const auto at = address.find('@');
    if (at == 0 || at == std::string_view::npos || at > 64 ||
        address.find('@', at + 1) != std::string_view::npos)
        return false;
    auto domain = address.substr(at + 1);
    if (domain.find('.') == std::string_view::npos)
        return false;
    while (!domain.empty()) {
        const auto dot = domain.find('.');
        if (!isDomainLabel(domain.substr(0, dot)))
            return false;
        if (dot == std::string_view::npos)
            break;
        domain.remove_prefix(dot + 1);
        if (domain.empty())
            return false; // a trailing dot
    }
    return true;
}

std::optional<LogoType> logoTypeOf(std::string_view bytes) {
    if (bytes.starts_with(std::string_view("\x89PNG\r\n\x1a\n", 8)))
        return LogoType::Png;
    if (bytes.starts_with("\xff\xd8\xff"))
        return LogoType::Jpeg;
    if (looksLikeSvg(bytes))
        return LogoType::Svg;
    return std::nullopt;
}

std::string_view mediaTypeOf(LogoType type) {
    switch (type) {
    case LogoType::Png:
        return "image/png";
    case LogoType::Jpeg:
        return "image/jpeg";
    case LogoType::Svg:
        return "image/svg+xml";
    }
    return "application/octet-stream";
}

std::optional<LogoType> logoTypeForMediaType(std::string_view mediaType) {
    for (const auto type : {LogoType::Png, LogoType::Jpeg, LogoType::Svg})
        if (mediaType == mediaTypeOf(type))
            return type;
    return std::nullopt;
}

std::string logoProblem(const ShopLogo& logo) {
    if (logo.bytes.empty())
        return "the logo is empty";
    if (logo.bytes.size() > maxLogoBytes)
        return "the logo is larger than " + std::to_string(maxLogoBytes) + " bytes";
    const auto detected = logoTypeOf(logo.bytes);
    if (!detected)
        return "the logo must be a PNG, JPEG or SVG image";
    if (*detected != logo.type)
        return "the logo is " + std::string(mediaTypeOf(*detected)) + ", not " +
               std::string(mediaTypeOf(logo.type));
    return {};
}

std::string identityProblem(const ShopIdentity& identity) {
    if (!isValidShopName(identity.name))
        return "name must be 1 to 80 characters without control characters";
    if (!isShopCurrency(identity.currency))
        return "currency must be an ISO 4217 code with cents, such as USD or EUR";
    if (identity.contactEmail && !isPlausibleEmail(*identity.contactEmail))
        return "contact_email must be an e-mail address of at most 254 characters";
    if (identity.logo)
        return logoProblem(*identity.logo);
    return {};
}

} // namespace topcoat

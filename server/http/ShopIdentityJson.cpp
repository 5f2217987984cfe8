#include "ShopIdentityJson.h"

#include "JsonWriter.h"
#include "RequestFields.h"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <algorithm>
#include <sstream>

namespace topcoat::http {
namespace {

constexpr std::string_view dataPrefix = "data:";
constexpr std::string_view base64Marker = ";base64,";

bool isBase64Character(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' ||
           c == '/';
}

// Canonical base64 only (no line breaks, blanks or missing padding), so one logo has one
// spelling and nothing the decoder would skip can hide in it.
bool isCanonicalBase64(std::string_view text) {
    if (text.empty() || text.size() % 4 != 0)
        return false;
    auto padding = text.size() - text.find_last_not_of('=') - 1;
    if (padding > 2)
        return false;
    return std::all_of(text.begin(), text.end() - static_cast<std::ptrdiff_t>(padding),
                       isBase64Character);
}

std::string base64Decoded(std::string_view text) {
    std::istringstream in{std::string(text)};
    Poco::Base64Decoder decoder(in);
    std::string bytes;
    char buffer[4096];
    while (decoder.read(buffer, sizeof buffer) || decoder.gcount() > 0)
        bytes.append(buffer, static_cast<std::size_t>(decoder.gcount()));
    return bytes;
}

std::string base64Encoded(std::string_view bytes) {
    std::ostringstream out;
    {
        Poco::Base64Encoder encoder(out);
        encoder.rdbuf()->setLineLength(0);
        encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        encoder.close();
    }
    return std::move(out).str();
}

// A name and a currency the shop always has: null would have to mean something, so it is
// refused rather than read as "absent".
void rejectNulls(RequestFields& fields) {
    for (const char* name : {"name", "currency"})
        if (!fields.failed() && fields.root()->has(name) && fields.root()->isNull(name))
            fields.reject(std::string(name) + " must not be null");
}

// contact_email and logo may be null (removed); name and currency always have a value.
void readContactEmail(RequestFields& fields, ShopIdentity& identity) {
    if (fields.failed() || !fields.root()->has("contact_email"))
        return;
    if (fields.root()->isNull("contact_email")) {
        identity.contactEmail.reset();
        return;
    }
    if (auto email = fields.string("contact_email", Presence::Optional, isPlausibleEmail,
                                   "an e-mail address of at most 254 characters, or null"))
        identity.contactEmail = std::move(*email);
}

void readLogo(RequestFields& fields, ShopIdentity& identity) {
    if (fields.failed() || !fields.root()->has("logo"))
        return;
    if (fields.root()->isNull("logo")) {
        identity.logo.reset();
        return;
    }
    const auto url = fields.string("logo", Presence::Optional, {}, "a data: URL or null");
    if (!url)
        return;
    auto logo = logoFromDataUrl(*url);
    if (!logo)
        fields.reject("logo: " + logo.error());
    else
        identity.logo = std::move(logo).value();
}

} // namespace

std::string shopIdentityJson(const ShopIdentity& identity) {
    JsonWriter json;
    json.beginObject();
    json.field("name", identity.name).field("currency", identity.currency);
    json.field("contact_email", identity.contactEmail);
    json.key("logo");
    if (identity.logo)
        json.value(logoDataUrl(*identity.logo));
    else
        json.null();
    json.endObject();
    return json.take();
}

Result<ShopIdentity, std::string> mergeShopIdentity(const std::string& body, ShopIdentity current) {
    RequestFields fields(body);
    rejectNulls(fields);
    if (auto name = fields.string("name", Presence::Optional, isValidShopName,
                                  "1 to 80 characters without control characters"))
        current.name = std::move(*name);
    if (auto currency = fields.string("currency", Presence::Optional, isShopCurrency,
                                      "an ISO 4217 code with cents, such as USD or EUR"))
        current.currency = std::move(*currency);
    readContactEmail(fields, current);
    readLogo(fields, current);
    if (fields.failed())
        return fail(fields.error());
    // Every field was checked as it was read; this holds the whole to the same rules.
    if (auto problem = identityProblem(current); !problem.empty())
        return fail(std::move(problem));
    return current;
}

std::string logoDataUrl(const ShopLogo& logo) {
    return std::string(dataPrefix) + std::string(mediaTypeOf(logo.type)) +
           std::string(base64Marker) + base64Encoded(logo.bytes);
}

Result<ShopLogo, std::string> logoFromDataUrl(std::string_view url) {
    const auto marker = url.find(base64Marker);
    if (!url.starts_with(dataPrefix) || marker == std::string_view::npos)
        return fail(std::string("must be a data: URL with base64 content"));
    const auto mediaType = url.substr(dataPrefix.size(), marker - dataPrefix.size());
    const auto type = logoTypeForMediaType(mediaType);
    if (!type)
        return fail(std::string("must be image/png, image/jpeg or image/svg+xml"));
    const auto encoded = url.substr(marker + base64Marker.size());
    // Checked before decoding: four characters make three bytes.
    if (encoded.size() / 4 * 3 > maxLogoBytes + 2)
        return fail("the logo is larger than " + std::to_string(maxLogoBytes) + " bytes");
    if (!isCanonicalBase64(encoded))
        return fail(std::string("the data is not canonical base64"));
    ShopLogo logo{*type, base64Decoded(encoded)};
    if (auto problem = logoProblem(logo); !problem.empty())
        return fail(std::move(problem));
    return logo;
}

} // namespace topcoat::http

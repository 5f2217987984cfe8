#pragma once

// ShopIdentity on the wire: the body of GET /admin/shop (also the form it is stored in), a
// PUT's body read over the identity in effect, and logos as data: URLs.

#include "server/core/Result.h"
#include "server/core/ShopIdentity.h"

#include <string>
#include <string_view>

namespace topcoat::http {

// {"name","currency","contact_email","logo"}; logo is a data: URL or null.
std::string shopIdentityJson(const ShopIdentity& identity);

// `current` with the fields `body` names replaced; the first problem when any field, or the
// body itself, is unacceptable (then nothing of it applies).
Result<ShopIdentity, std::string> mergeShopIdentity(const std::string& body, ShopIdentity current);

// "data:image/png;base64,…"
std::string logoDataUrl(const ShopLogo& logo);
// The logo a base64 data: URL of a PNG, JPEG or SVG holds, checked as logoProblem() checks it.
Result<ShopLogo, std::string> logoFromDataUrl(std::string_view url);

} // namespace topcoat::http

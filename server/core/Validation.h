#pragma once

// Field rules of the wire contract, shared by every route that accepts the field.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace topcoat {

// ^[A-Z0-9][A-Z0-9-]{0,31}$
bool isValidSku(std::string_view sku);

// "#rrggbb", either case.
bool isValidShadeHex(std::string_view hex);

// The number of characters (code points) in `text` when it is valid UTF-8 without control
// characters (C0, DEL, C1); nothing otherwise.
std::optional<std::size_t> controlFreeTextLength(std::string_view text);

// Product and sale names: 1..120 bytes of valid UTF-8 without control characters (C0, DEL, C1).
bool isValidName(std::string_view name);

// A write-off's note: 1..200 bytes, under the same rules as a name.
bool isValidWriteOffNote(std::string_view note);

// 1..maxBytes bytes of valid UTF-8 without control characters (C0, DEL, C1).
bool isPlainText(std::string_view text, std::size_t maxBytes);

// A customer is identified by an e-mail address. Returns the canonical form (trimmed, lower
// case) that per-customer limits are counted under, or nothing when it is not an address.
std::optional<std::string> canonicalCustomer(std::string_view customer);

// Idempotency-Key header: 1..64 printable ASCII characters.
bool isValidIdempotencyKey(std::string_view key);

} // namespace topcoat

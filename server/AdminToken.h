#pragma once

// The admin API's bearer token: generated once per data directory and kept in a file only
// its owner can read; and compared in constant time.

#include <filesystem>
#include <string>
#include <string_view>

namespace topcoat {

struct AdminToken {
    std::string value;
    bool generated = false;
};

// Reads DIR/admin-token, or creates it with a fresh random token. Throws on I/O failure.
AdminToken loadOrCreateAdminToken(const std::filesystem::path& dataDir);

// "Bearer TOKEN" against the expected token, without leaking where they differ.
bool bearerMatches(std::string_view authorization, std::string_view token);

} // namespace topcoat

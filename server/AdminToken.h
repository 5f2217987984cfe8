#pragma once

// The admin API's bearer token: generated once per data directory and kept in a file only
// its owner can read, or read from a file the operator names; and compared in constant time.

#include "server/core/Result.h"

#include <filesystem>
#include <string>
#include <string_view>

namespace topcoat {

struct AdminToken {
    std::string value;
    bool generated = false;
};

// Where the generated token is kept: DIR/admin-token.
std::filesystem::path adminTokenPath(const std::filesystem::path& dataDir);

// Reads DIR/admin-token, or creates it with a fresh random token. Throws on I/O failure.
AdminToken loadOrCreateAdminToken(const std::filesystem::path& dataDir);

// The token in FILE (--admin-token-file), trailing whitespace and newline removed, so it need
// not appear on the command line. The failure says why, naming the file: unreadable, empty,
// too large, or more than one line.
Result<std::string, std::string> readAdminTokenFile(const std::filesystem::path& file);

// "Bearer TOKEN" against the expected token, without leaking where they differ.
bool bearerMatches(std::string_view authorization, std::string_view token);

} // namespace topcoat

#pragma once

// topcoatd's flags, as the wire contract lists them plus the additions in API.md:
//   topcoatd [--config FILE] --data-dir DIR [--port 8080] [--admin-port 8081]
//            [--bind 127.0.0.1] [--admin-bind 127.0.0.1] [--trusted-proxies LIST]
//            [--admin-token TOKEN | --admin-token-file FILE] [--demo]
//            [--durability process|power] [--inventory memory|redis://HOST:PORT]
//            [--hold-grace 60] [--orders sqlite|postgresql://USER@HOST:PORT/DB] [--backup FILE]
//            [--copy-to postgresql://USER@HOST:PORT/DB]

#include "Storefront.h"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace topcoat {

struct CommandLine {
    StorefrontOptions options;
    bool help = false;
    // --backup FILE: copy the data dir's database to FILE and exit, instead of serving.
    std::optional<std::filesystem::path> backupTo;
    // --copy-to URL: copy the data dir's SQLite database into PostgreSQL and exit.
    std::optional<db::Location> copyTo;
    std::string error; // non-empty when the arguments are unusable
};

// Reads the --config file first (the command line wins over it) and the --admin-token-file
// into options.adminToken; it touches no other file.
CommandLine parseCommandLine(const std::vector<std::string>& arguments);
std::string usageText();

} // namespace topcoat

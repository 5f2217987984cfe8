#pragma once

// topcoatd's flags, as the wire contract lists them plus the additions in API.md:
//   topcoatd --data-dir DIR [--port 8080] [--admin-port 8081] [--bind 127.0.0.1]
//            [--admin-token TOKEN | --admin-token-file FILE] [--demo]
//            [--durability process|power]

#include "Storefront.h"

#include <string>
#include <vector>

namespace topcoat {

struct CommandLine {
    StorefrontOptions options;
    bool help = false;
    std::string error; // non-empty when the arguments are unusable
};

// Reads the --admin-token-file (the only file it touches) into options.adminToken.
CommandLine parseCommandLine(const std::vector<std::string>& arguments);
std::string usageText();

} // namespace topcoat

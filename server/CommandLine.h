#pragma once

// topcoatd's flags, as the wire contract lists them:
//   topcoatd --data-dir DIR [--port 8080] [--admin-port 8081] [--bind 127.0.0.1]
//            [--admin-token TOKEN] [--demo] [--durability process|power]

#include "Storefront.h"

#include <string>
#include <vector>

namespace topcoat {

struct CommandLine {
    StorefrontOptions options;
    bool help = false;
    std::string error; // non-empty when the arguments are unusable
};

CommandLine parseCommandLine(const std::vector<std::string>& arguments);
std::string usageText();

} // namespace topcoat

#pragma once

// topcoatd's configuration file (--config, /etc/topcoat/topcoatd.conf in the package): the
// long flags without their dashes, one `name = value` per line, so a service's settings live in
// a file the package manager tracks instead of in the unit's command line.

#include "server/core/Result.h"

#include <filesystem>
#include <string>
#include <vector>

namespace topcoat {

struct ConfigEntry {
    int line = 0;
    std::string name;  // e.g. "admin-port"
    std::string value; // surrounding blanks removed; may be empty
};

// The file's entries in order. Blank lines and lines starting with '#' are skipped. Fails, naming
// the file and line, on a line without '=' or a name that is not lower-case letters, digits and
// '-'; on an unreadable file; and on a file larger than 64 KiB.
Result<std::vector<ConfigEntry>, std::string> readConfigFile(const std::filesystem::path& file);

} // namespace topcoat

#pragma once

// Every open connection is a file descriptor, and the default soft limit (often 1,024) would
// turn a flash-sale crowd away long before memory or CPU run out.

#include <cstdint>

namespace topcoat {

struct OpenFileLimit {
    std::uint64_t before = 0;
    std::uint64_t now = 0;
};

// Raises this process's soft RLIMIT_NOFILE to its hard limit (or to fs.nr_open when the hard
// limit is unlimited) and says what it was and is.
OpenFileLimit raiseOpenFileLimit();

} // namespace topcoat

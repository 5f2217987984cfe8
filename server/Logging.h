#pragma once

// The fixed set of named loggers (http, checkout, db, admin, app), writing to a rotating file
// in the data directory, to stderr, and to the in-memory ring the admin API serves.

#include "LogRing.h"

#include <memory>
#include <string>

namespace topcoat {

class Logging {
public:
    // Registers the loggers; a second instance replaces the first (tests start many servers).
    Logging(const std::string& logDirectory, bool toStderr);
    ~Logging();

    LogRing& ring() { return *ring_; }

private:
    std::shared_ptr<LogRing> ring_;
};

} // namespace topcoat

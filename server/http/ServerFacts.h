#pragma once

// What the admin routes tell about the running server itself, and how a route keeps a setting
// across restarts; filled in by the Storefront, which owns what they describe.

#include "server/core/Clock.h"

#include <cstdint>
#include <functional>
#include <string>

namespace topcoat::http {

// Facts about the running server for /admin/status and /admin/stats.
struct ServerFacts {
    std::string version;
    TimePoint startedAt;
    std::string bind;      // the storefront's listening address
    std::string adminBind; // the admin API's
    std::function<std::uint16_t()> storefrontPort;
    std::function<std::uint16_t()> adminPort;
    std::string durability;
    // For "cluster" in /admin/status: this storefront's name (host:port, known once it listens),
    // and where stock and orders live.
    std::function<std::string()> node;
    std::string inventory;
    std::string orders;
    std::string databasePath;
    std::function<std::int64_t()> databaseBytes;
    std::function<std::uint64_t()> ordersCommitted;
    std::function<std::uint64_t()> commitBatches;
};

// Keeps a named setting across restarts; throws StorageError when the database fails.
using SaveSetting = std::function<void(const std::string& name, const std::string& value)>;

} // namespace topcoat::http

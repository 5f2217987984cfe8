#pragma once

// The whole storefront server in one object: database, in-memory shop, checkout, and the two
// HTTP servers (public storefront and admin API). topcoatd runs one headless; the console
// embeds one. start() returns once both ports listen; stop() drains and flushes.

#include "db/Connection.h"
#include "db/Location.h"
#include "server/core/Clock.h"
#include "server/core/NetworkAddress.h"
#include "server/http/HttpServer.h"
#include "server/mail/MailServer.h"
#include "server/redis/RedisAddress.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace topcoat {

struct StorefrontOptions {
    std::filesystem::path dataDir;
    std::string bind = "127.0.0.1";      // the storefront's address
    std::string adminBind = "127.0.0.1"; // the admin API's: private unless asked otherwise
    // Reverse proxies in front (nginx on this box): trusted beside the owner's trusted_proxies.
    std::vector<AddressRange> trustedProxies;
    std::uint16_t port = 8080;
    std::uint16_t adminPort = 8081;
    std::string adminToken; // empty: read from the data dir, or generate and store one
    bool demo = false;
    db::Durability durability = db::Durability::Process;
    // Where stock lives: this process's memory (nullopt, the default) or a Redis shared by
    // several storefronts of one shop.
    std::optional<redis::RedisAddress> inventory;
    // With stock in Redis: how long a reservation may stay open before it is settled from the
    // orders (its storefront stopped between Redis and the database).
    std::chrono::seconds holdGrace{60};
    // Where orders, the catalog and settings live: the SQLite file in the data dir (nullopt,
    // the default) or a PostgreSQL database several storefronts share.
    std::optional<db::Location> orders;
    // Where order e-mails are sent through (--smtp); none: no e-mail.
    std::optional<mail::MailServer> mail;
    bool logToStderr = true;
    http::ServerLimits limits;
};

class Storefront {
public:
    explicit Storefront(StorefrontOptions options);
    // The clock is injected for tests; it must outlive the storefront.
    Storefront(StorefrontOptions options, const Clock& clock);
    ~Storefront();

    Storefront(const Storefront&) = delete;
    Storefront& operator=(const Storefront&) = delete;

    // Locks the data dir, opens the database, rebuilds stock, seeds the demo shop if asked,
    // binds both ports, calls `listening` (the ports are known, nothing is accepted yet) and
    // starts serving. Throws DataDirInUse when another process (or storefront) holds the data
    // dir, and std::exception on other failures (port taken, database unusable or not
    // Topcoat's). The dir stays locked until stop() or destruction, even after a failed start.
    void start(const std::function<void()>& listening = {});
    // Stops accepting, lets in-flight requests finish, closes connections, flushes every
    // accepted order to disk, then unlocks the data dir. Idempotent.
    void stop();

    // Products in the catalog now (the console offers the demo shop when there are none).
    std::size_t productCount() const;
    // Seeds the demo shop into an empty catalog while running; false if it was not empty.
    bool seedDemo();

    // The data dir's database file (topcoatd --backup copies it).
    static std::filesystem::path databasePath(const std::filesystem::path& dataDir);

    std::uint16_t port() const;
    std::uint16_t adminPort() const;
    const std::string& adminToken() const;
    // True when this start generated the token (it is printed once, then only stored).
    bool adminTokenGenerated() const;

private:
    struct Parts;
    StorefrontOptions options_;
    const Clock& clock_;
    std::unique_ptr<Parts> parts_;
};

} // namespace topcoat

#pragma once

// Hears, the moment they commit, the changes other storefronts make to a PostgreSQL database
// they share: one connection of its own LISTENs on the shop's change channel (every change
// transaction NOTIFYs it, see Writer), on a thread of its own.
//
// A notice only says "read the change count now"; it carries nothing that must not be lost.
// Notices sent while the connection is down are lost, so after every (re)connection `onNotice`
// runs once as well, and the reader of the change count keeps a slow beat of its own.

#include "Location.h"

#include <atomic>
#include <functional>
#include <string>
#include <thread>

namespace topcoat::db {

// The channel a change transaction notifies on PostgreSQL.
inline constexpr const char* shopChangesChannel = "topcoat_shop_changes";

class ChangeNotices {
public:
    using OnNotice = std::function<void()>;
    using OnTrouble = std::function<void(const std::string& what)>;

    // Both callbacks run on the listener's thread. `onTrouble` hears a lost or refused
    // connection (retried every second, each failure reported once until it connects again).
    ChangeNotices(const Location& location, OnNotice onNotice, OnTrouble onTrouble);
    ~ChangeNotices(); // stop()
    ChangeNotices(const ChangeNotices&) = delete;
    ChangeNotices& operator=(const ChangeNotices&) = delete;

    // Returns promptly even while connecting to a server that does not answer. Idempotent.
    void stop();
    // True while the connection is up and listening.
    bool listening() const { return listening_.load(); }

private:
    struct Connection;
    void loop();
    // Connects and LISTENs; false when stopped or when that failed (reported).
    bool connect(Connection& connection);
    // Waits for notices until the connection is lost or stop() is called.
    void listen(Connection& connection);
    // Waits until `fd` is ready for `events` or stop() is called; false if stopped.
    bool waitFor(int fd, short events, int timeoutMs);
    void trouble(const std::string& what);

    const Location location_;
    OnNotice onNotice_;
    OnTrouble onTrouble_;
    int wake_ = -1; // an eventfd: written by stop()
    std::atomic<bool> stopping_{false};
    std::atomic<bool> listening_{false};
    bool troubled_ = false; // a failure was reported since the last connection
    std::thread thread_;
};

} // namespace topcoat::db

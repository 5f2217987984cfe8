#pragma once

// Remembers which Idempotency-Key produced which order, so a retried checkout returns the
// original order instead of selling twice. Concurrent requests with the same key wait for the
// first one to finish and then share its outcome.

#include "Order.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>

namespace topcoat {

class IdempotencyStore {
public:
    struct Claimed {}; // the caller owns the key and must complete() or abandon() it
    struct Replay {
        Order order;
    };
    struct Mismatch {}; // the key was used with a different request

    using ClaimResult = std::variant<Claimed, Replay, Mismatch>;

    // `fingerprint` identifies the request body (what makes two requests "the same").
    ClaimResult claim(const std::string& key, const std::string& fingerprint);
    void complete(const std::string& key, const Order& order);
    // The attempt failed (sold out, disk error): the key is free again for a retry.
    void abandon(const std::string& key);

    // Rebuilding from the database at start-up.
    void load(const std::string& key, const std::string& fingerprint, const Order& order);

    // Without a shipping address it is what it was before orders had one, so keys stored then
    // still match their retries.
    static std::string fingerprintOf(const std::string& sku, std::int64_t quantity,
                                     const std::string& customer,
                                     const std::optional<ShippingAddress>& shipping = {});

private:
    struct Entry {
        std::string fingerprint;
        bool done = false;
        Order order;
    };

    std::mutex mutex_;
    std::condition_variable changed_;
    std::unordered_map<std::string, Entry> entries_;
};

} // namespace topcoat

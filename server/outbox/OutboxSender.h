#pragma once

// Sends the outbox: a thread that gives each new order event its deliveries (one per target
// its channels name) and sends every delivery that is due, at least once. A failed delivery
// waits as RetryPolicy says and is given up ("failed", for the owner to retry) after its last
// attempt. Everything it knows is in the database, so a storefront killed at any moment picks
// up where it was: a delivery sent but not yet marked is sent again, with the same event id.
//
// Storefronts sharing one database take turns through a lease in it: only its holder sends.

#include "OutboxChannel.h"
#include "db/Store.h"
#include "server/core/Clock.h"
#include "server/core/Order.h"
#include "server/core/RetryPolicy.h"

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace topcoat::outbox {

class OutboxSender {
public:
    struct Options {
        std::string holder; // this storefront's name in the lease
        RetryPolicy retry;
        std::chrono::milliseconds beat{500};
    };

    OutboxSender(db::Store& store, OrderLookup& orders, std::vector<OutboxChannel*> channels,
                 const Clock& clock, Options options);
    ~OutboxSender(); // stop()
    // Finishes the delivery in progress (each has its channel's timeout). Idempotent.
    void stop();

private:
    void loop();
    // True when it stopped at a limit, so that more is waiting.
    bool pass();
    bool holdsLease(std::int64_t now);
    // True when it fanned out as many events as one pass may.
    bool fanOut(std::int64_t now);
    void send(db::DeliveryRow delivery);
    OutboxChannel* channelFor(const std::string& target) const;

    db::Store& store_;
    OrderLookup& orders_;
    std::vector<OutboxChannel*> channels_;
    const Clock& clock_;
    Options options_;
    std::int64_t leaseUntil_ = 0; // sender thread only

    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace topcoat::outbox

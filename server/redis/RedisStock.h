#pragma once

// StockLedger in Redis, shared by every storefront of a shop: each reservation, commit, release
// and adjustment is one Lua script (StockScripts.h), so stock and per-customer limits are taken
// together however many storefronts sell at once.
//
// The orders are the truth and Redis the fast path. Every reservation is a hold named by its
// order id with Redis's time; a hold still open after `holdGrace` belongs to a storefront that
// died between Redis and the database, and the reconciler settles it: sold if its order is
// durable, given back otherwise. A Redis that restarted (a new run_id) is rebuilt from the
// orders by the background thread before it takes a reservation, after `settle`, so checkouts
// in flight when it went away are durable (or failed) by then and counted once; meanwhile
// changes are refused with StorageError.
//
// Reads come from a copy refreshed every `refresh` and by each script's answer: a storefront's
// own changes show at once, other storefronts' within `refresh`.

#include "RedisConnections.h"
#include "StockScripts.h"
#include "server/core/StockLedger.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <thread>

namespace topcoat::redis {

// What the orders say, to rebuild Redis from.
struct StockTruth {
    struct Sku {
        std::string sku;
        std::int64_t stocked = 0;
        std::int64_t sold = 0;
    };
    struct Usage {
        std::string sku;
        std::string claimKey; // StockLedger::limitKey
        std::int64_t units = 0;
    };
    std::vector<Sku> skus;
    std::vector<Usage> usage;
};

struct RedisStockOptions {
    std::chrono::milliseconds holdGrace{60'000};
    std::chrono::milliseconds settle{2'000};
    std::chrono::milliseconds refresh{200};
    std::chrono::milliseconds reconcileEvery{5'000};
};

class RedisStock final : public StockLedger {
public:
    using ReadTruth = std::function<StockTruth()>;
    using IsDurable = std::function<bool(const std::string& orderId)>;

    RedisStock(RedisConnections& redis, ReadTruth readTruth, IsDurable isDurable,
               RedisStockOptions options = {});
    ~RedisStock() override;

    // Connects, rebuilds Redis from the orders when it is not current, and starts refreshing
    // and reconciling in the background. Throws StorageError when Redis cannot be reached.
    void start();
    // Settles holds older than the grace period now (the background thread does it on its own).
    void reconcile();

    // Not resent when the connection fails on the way: Redis is then short of the units
    // until its next rebuild from the orders, which count them back (logged).
    void returnSold(const std::string& sku, std::int64_t quantity,
                    const std::optional<LimitClaim>& claim) override;
    bool adjust(const std::string& sku, std::int64_t delta) override;
    // Redis is rebuilt from ReadTruth instead: these start-up loads of one storefront's view
    // would overwrite what the others hold.
    void loadStock(const std::string&, std::int64_t, std::int64_t) override {}
    void loadUsage(const std::string&, std::int64_t) override {}
    std::int64_t usage(const std::string& key) const override;

    std::optional<StockLevels> snapshot(const std::string& sku) const override;
    std::vector<std::pair<std::string, StockLevels>> snapshotAll() const override;
    std::uint64_t generation() const override {
        return generation_.load(std::memory_order_acquire);
    }

private:
    struct Answer {
        int status = 0;
        StockLevels levels;
        std::int64_t version = 0; // moves forward with every change to the levels
    };

    ReserveOutcome doReserve(const std::string& sku, std::int64_t quantity,
                             const std::optional<LimitClaim>& claim,
                             const std::string& holdId) override;
    void doCommit(const std::string& sku, std::int64_t quantity,
                  const std::string& holdId) override;
    void doRelease(const std::string& sku, std::int64_t quantity,
                   const std::optional<LimitClaim>& claim, const std::string& holdId) override;

    // Runs `script` with the epoch the connection's Redis was rebuilt on as ARGV[1] (when
    // `withEpoch`). A Redis not current yet is rebuilt in the background meanwhile, and the
    // call is a StorageError.
    Answer run(const Script& script, const std::string& sku, const std::vector<std::string>& keys,
               const std::vector<std::string>& args, Resend resend, bool withEpoch);
    // Whether Redis process `runId` holds the shop's stock: rebuilds it from the orders when
    // not, unless another storefront is at it (then StorageError: try again shortly).
    void ensureCurrent(const std::string& runId);
    void rebuild(RedisConnection& connection, bool afterRestart);
    bool isCurrent(const std::string& runId);
    bool hadEpoch();
    // Asks the background thread to rebuild a Redis that is not current.
    void wantRebuild();
    // Keeps `levels` unless newer ones (a higher version) are already known.
    void remember(const std::string& sku, const StockLevels& levels, std::int64_t version);
    void refreshAll();
    void maintain();

    RedisConnections& redis_;
    ReadTruth readTruth_;
    IsDurable isDurable_;
    RedisStockOptions options_;

    std::mutex rebuildMutex_; // one rebuild at a time in this process
    std::mutex epochMutex_;
    std::string epoch_; // guarded by epochMutex_: the run_id Redis was last seen rebuilt on

    mutable std::shared_mutex cacheMutex_;
    std::map<std::string, StockLevels> cache_;         // guarded by cacheMutex_
    std::map<std::string, std::int64_t> cacheVersion_; // the same
    std::atomic<std::uint64_t> generation_{0};

    std::mutex stopMutex_;
    std::condition_variable stopSignal_;
    bool stopping_ = false;      // guarded by stopMutex_
    bool rebuildWanted_ = false; // guarded by stopMutex_
    std::thread maintenance_;
};

} // namespace topcoat::redis

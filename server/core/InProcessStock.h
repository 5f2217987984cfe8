#pragma once

// StockLedger in this process's memory, for the single-box shop.
//
// Each SKU's four counters sit behind a short lock of their own, so every change and every
// snapshot sees them together: available + reserved + sold == stocked always holds. A seqlock
// would spare snapshots the lock, but its writers still need a lock among themselves; measured
// with tests/bench/stock_bench (2 threads, one hot SKU) a spin lock of that kind was no faster
// than std::mutex, which also sleeps instead of spinning when a holder is preempted.
//
// When a per-customer limit applies, the customer's stripe lock is held across "check the
// limit, take the stock, count the purchase", so no observer sees one half without the other
// and different customers never wait for each other beyond a hash collision. SKUs are found in
// hash-striped maps too: there is no lock every checkout takes.

#include "StockLedger.h"

#include <array>
#include <atomic>
#include <memory>
#include <mutex>
#include <unordered_map>

namespace topcoat {

class InProcessStock final : public StockLedger {
public:
    void returnSold(const std::string& sku, std::int64_t quantity,
                    const std::optional<LimitClaim>& claim) override;
    bool adjust(const std::string& sku, std::int64_t delta) override;

    void loadStock(const std::string& sku, std::int64_t stocked, std::int64_t sold) override;
    void loadUsage(const std::string& key, std::int64_t units) override;
    std::int64_t usage(const std::string& key) const override;

    std::optional<StockLevels> snapshot(const std::string& sku) const override;
    std::vector<std::pair<std::string, StockLevels>> snapshotAll() const override;

    std::uint64_t generation() const override {
        return generation_.load(std::memory_order_acquire);
    }

private:
    // Holds need no names here: nothing outlives this process's own checkouts.
    ReserveOutcome doReserve(const std::string& sku, std::int64_t quantity,
                             const std::optional<LimitClaim>& claim,
                             const std::string& holdId) override;
    void doCommit(const std::string& sku, std::int64_t quantity,
                  const std::string& holdId) override;
    void doRelease(const std::string& sku, std::int64_t quantity,
                   const std::optional<LimitClaim>& claim, const std::string& holdId) override;

    struct Cell {
        mutable std::mutex mutex;
        StockLevels levels; // guarded by mutex
    };
    struct CellShard {
        mutable std::mutex mutex;
        // Cells are never removed, so a Cell* stays valid as long as the ledger.
        std::unordered_map<std::string, std::unique_ptr<Cell>> cells;
    };
    struct Stripe {
        mutable std::mutex mutex;
        std::unordered_map<std::string, std::int64_t> used;
    };

    Cell* find(const std::string& sku) const;
    Cell& findOrAdd(const std::string& sku);
    Stripe& stripeFor(const std::string& key) const;
    void lessUsed(const LimitClaim& claim, std::int64_t quantity);
    static bool takeStock(Cell& cell, std::int64_t quantity);
    void changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

    mutable std::array<CellShard, 16> shards_;
    mutable std::array<Stripe, 64> stripes_;
    std::atomic<std::uint64_t> generation_{0};
};

} // namespace topcoat

#pragma once

// Stock per SKU and units bought per customer in a sale, taken together in one atomic step.
//
// The common path (no per-customer limit) is a single compare-and-swap on the SKU's counter.
// When a limit applies, the customer's stripe lock is held across "check the limit, take the
// stock, count the purchase", so no observer ever sees one half without the other, and
// different customers never wait for each other beyond a hash collision.

#include <array>
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace topcoat {

// Counters of one SKU. available + reserved + sold == stocked at rest.
struct StockCell {
    std::atomic<std::int64_t> available{0}; // can be bought now
    std::atomic<std::int64_t> reserved{0};  // taken by checkouts whose order is not yet durable
    std::atomic<std::int64_t> sold{0};      // in durable orders
    std::atomic<std::int64_t> stocked{0};   // initial stock plus restocks minus write-offs
};

// Who is buying under which limit: the key is per sale, SKU and customer.
struct LimitClaim {
    std::string key;
    std::int64_t limit = 0;
};

enum class ReserveOutcome { Reserved, SoldOut, LimitReached };

class Inventory {
public:
    static std::string limitKey(std::int64_t saleId, const std::string& sku,
                                const std::string& customer);

    // The counters of `sku`, created empty on first use. Cells live as long as the inventory.
    std::shared_ptr<StockCell> cell(const std::string& sku);

    ReserveOutcome reserve(StockCell& cell, std::int64_t quantity,
                           const std::optional<LimitClaim>& claim);
    // The order is durable: reserved units become sold.
    void commit(StockCell& cell, std::int64_t quantity);
    // The order could not be made durable: give everything back.
    void release(StockCell& cell, std::int64_t quantity, const std::optional<LimitClaim>& claim);

    // Restock (positive) or write off (negative). A write-off never takes stock below zero;
    // returns false and changes nothing if it would.
    bool adjust(StockCell& cell, std::int64_t delta);

    // Rebuilding from the database at start-up.
    void loadUsage(const std::string& key, std::int64_t units);
    std::int64_t usage(const std::string& key) const;

    // Changes whenever `available` changes, so views of stock know when to refresh.
    std::uint64_t generation() const { return generation_.load(std::memory_order_acquire); }

private:
    struct Stripe {
        mutable std::mutex mutex;
        std::unordered_map<std::string, std::int64_t> used;
    };
    Stripe& stripeFor(const std::string& key) const;
    void changed() { generation_.fetch_add(1, std::memory_order_acq_rel); }

    mutable std::mutex cellsMutex_;
    std::unordered_map<std::string, std::shared_ptr<StockCell>> cells_;
    mutable std::array<Stripe, 64> stripes_;
    std::atomic<std::uint64_t> generation_{0};
};

} // namespace topcoat

#pragma once

// The one way anything reaches stock: reserve (with a per-customer limit, in one atomic step),
// commit, release, adjust, and consistent snapshots. A store that cannot be reached throws
// StorageError (ShopRepository.h) before anything is taken. Kept narrow so another implementation
// (a shared store for several storefronts) can provide every method; StockLevels are copies, so
// nothing outside an implementation ever holds live counters.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace topcoat {

// One SKU's counters at one instant: available + reserved + sold == stocked in every snapshot.
struct StockLevels {
    std::int64_t available = 0; // can be bought now
    std::int64_t reserved = 0;  // taken by checkouts whose order is not yet durable
    std::int64_t sold = 0;      // in durable orders
    std::int64_t stocked = 0;   // initial stock plus restocks minus write-offs
    bool operator==(const StockLevels&) const = default;
};

// Who is buying under which limit: the key is per sale, SKU and customer.
struct LimitClaim {
    std::string key;
    std::int64_t limit = 0;
};

enum class ReserveOutcome { Reserved, SoldOut, LimitReached };

class StockLedger {
public:
    virtual ~StockLedger() = default;

    static std::string limitKey(std::int64_t saleId, const std::string& sku,
                                const std::string& customer);

    // Limit and stock together: nothing is taken unless both allow it. An unknown SKU is sold
    // out. `holdId` names the reservation (the order id) so that a shared store can tell which
    // reservations a storefront that died never committed or released; it is the same id for
    // the reservation's commit or release.
    ReserveOutcome reserve(const std::string& sku, std::int64_t quantity,
                           const std::optional<LimitClaim>& claim, const std::string& holdId = {}) {
        return doReserve(sku, quantity, claim, holdId);
    }
    // The order is durable: reserved units become sold.
    void commit(const std::string& sku, std::int64_t quantity, const std::string& holdId = {}) {
        doCommit(sku, quantity, holdId);
    }
    // The order could not be made durable: give back the units and the claim's usage.
    void release(const std::string& sku, std::int64_t quantity,
                 const std::optional<LimitClaim>& claim, const std::string& holdId = {}) {
        doRelease(sku, quantity, claim, holdId);
    }
    // A durable order's units come back (it expired, was cancelled, or refunded with its units
    // back on sale): sold units become available and the claim's usage shrinks by as many.
    virtual void returnSold(const std::string& sku, std::int64_t quantity,
                            const std::optional<LimitClaim>& claim) = 0;
    // Restock (positive) or write off (negative); an unknown SKU starts at zero. A write-off
    // never takes available stock below zero: it returns false and changes nothing instead.
    virtual bool adjust(const std::string& sku, std::int64_t delta) = 0;

    // Rebuilding from the database at start-up: nothing reserved, available = stocked - sold.
    virtual void loadStock(const std::string& sku, std::int64_t stocked, std::int64_t sold) = 0;
    virtual void loadUsage(const std::string& key, std::int64_t units) = 0;
    // Units the claim key has bought (or holds reserved).
    virtual std::int64_t usage(const std::string& key) const = 0;

    // Consistent per SKU, also while checkouts run; nullopt for a SKU never stocked.
    virtual std::optional<StockLevels> snapshot(const std::string& sku) const = 0;
    // Every known SKU, sorted by SKU; each entry is consistent on its own.
    virtual std::vector<std::pair<std::string, StockLevels>> snapshotAll() const = 0;

    // Changes whenever some `available` changes, so views of stock know when to refresh.
    virtual std::uint64_t generation() const = 0;

private:
    virtual ReserveOutcome doReserve(const std::string& sku, std::int64_t quantity,
                                     const std::optional<LimitClaim>& claim,
                                     const std::string& holdId) = 0;
    virtual void doCommit(const std::string& sku, std::int64_t quantity,
                          const std::string& holdId) = 0;
    virtual void doRelease(const std::string& sku, std::int64_t quantity,
                           const std::optional<LimitClaim>& claim, const std::string& holdId) = 0;
};

} // namespace topcoat

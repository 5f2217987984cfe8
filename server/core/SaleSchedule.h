#pragma once

// Every sale the shop has scheduled, as immutable snapshots like the catalog: the checkout path
// reads without locks, the admin path publishes a new list.

#include "Sale.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

namespace topcoat {

struct LiveSaleItem {
    std::shared_ptr<const std::vector<Sale>> holder; // keeps the pointers below valid
    const Sale* sale = nullptr;
    const SaleItem* item = nullptr;
};

class SaleSchedule {
public:
    SaleSchedule();

    std::shared_ptr<const std::vector<Sale>> snapshot() const {
        return current_.load(std::memory_order_acquire);
    }

    // The sale selling `sku` at `now`, if any. Overlaps are refused when sales are added, so
    // there is at most one.
    std::optional<LiveSaleItem> liveItem(std::string_view sku, TimePoint now) const;

    void replaceAll(std::vector<Sale> sales);
    // Adds the sale unless it overlaps a sale that is not cancelled; returns false then.
    bool add(Sale sale);
    // Puts `sale` in place of the sale with the same id unless it overlaps another sale that is
    // not cancelled; returns false then, and when no sale has that id.
    bool replace(Sale sale);
    // Cancels and returns the cancelled sale, or nothing when the id is unknown.
    std::optional<Sale> cancel(std::int64_t id);
    std::optional<Sale> find(std::int64_t id) const;
    // The first other sale (by start) that `candidate` would overlap, if any. A sale with the
    // candidate's id is the candidate itself, as it stands before an edit, and never counts.
    std::optional<Sale> firstOverlap(const Sale& candidate) const;

private:
    std::mutex writeMutex_;
    std::atomic<std::shared_ptr<const std::vector<Sale>>> current_;
};

} // namespace topcoat

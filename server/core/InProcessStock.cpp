#include "InProcessStock.h"

#include <algorithm>
#include <cassert>
#include <functional>

namespace topcoat {

InProcessStock::Cell* InProcessStock::find(const std::string& sku) const {
    auto& shard = shards_[std::hash<std::string>{}(sku) % shards_.size()];
    std::lock_guard lock(shard.mutex);
    const auto found = shard.cells.find(sku);
    return found == shard.cells.end() ? nullptr : found->second.get();
}

InProcessStock::Cell& InProcessStock::findOrAdd(const std::string& sku) {
    auto& shard = shards_[std::hash<std::string>{}(sku) % shards_.size()];
    std::lock_guard lock(shard.mutex);
    auto& slot = shard.cells[sku];
    if (!slot)
        slot = std::make_unique<Cell>();
    return *slot;
}

InProcessStock::Stripe& InProcessStock::stripeFor(const std::string& key) const {
    return stripes_[std::hash<std::string>{}(key) % stripes_.size()];
}

bool InProcessStock::takeStock(Cell& cell, std::int64_t quantity) {
    std::lock_guard lock(cell.mutex);
    auto& levels = cell.levels;
    if (levels.available < quantity)
        return false;
    levels.available -= quantity;
    levels.reserved += quantity;
    return true;
}

ReserveOutcome InProcessStock::doReserve(const std::string& sku, std::int64_t quantity,
                                         const std::optional<LimitClaim>& claim,
                                         const std::string& /*holdId*/) {
    auto* cell = find(sku);
    if (!cell)
        return ReserveOutcome::SoldOut;
    if (!claim) {
        if (!takeStock(*cell, quantity))
            return ReserveOutcome::SoldOut;
        changed();
        return ReserveOutcome::Reserved;
    }

    // Stripe, then cell: the one order in which these locks are ever nested.
    auto& stripe = stripeFor(claim->key);
    std::lock_guard lock(stripe.mutex);
    const auto found = stripe.used.find(claim->key);
    const std::int64_t used = found == stripe.used.end() ? 0 : found->second;
    if (used + quantity > claim->limit)
        return ReserveOutcome::LimitReached;
    if (!takeStock(*cell, quantity))
        return ReserveOutcome::SoldOut;
    stripe.used[claim->key] = used + quantity;
    changed();
    return ReserveOutcome::Reserved;
}

void InProcessStock::doCommit(const std::string& sku, std::int64_t quantity,
                              const std::string& /*holdId*/) {
    auto* cell = find(sku);
    assert(cell); // only what was reserved is committed
    std::lock_guard lock(cell->mutex);
    cell->levels.reserved -= quantity;
    cell->levels.sold += quantity;
}

void InProcessStock::doRelease(const std::string& sku, std::int64_t quantity,
                               const std::optional<LimitClaim>& claim,
                               const std::string& /*holdId*/) {
    if (claim)
        lessUsed(*claim, quantity);
    auto* cell = find(sku);
    assert(cell); // only what was reserved is released
    {
        std::lock_guard lock(cell->mutex);
        cell->levels.reserved -= quantity;
        cell->levels.available += quantity;
    }
    changed();
}

void InProcessStock::returnSold(const std::string& sku, std::int64_t quantity,
                                const std::optional<LimitClaim>& claim) {
    if (claim)
        lessUsed(*claim, quantity);
    auto& cell = findOrAdd(sku);
    {
        std::lock_guard lock(cell.mutex);
        // Never below zero: the levels stay consistent even for an order the start-up rebuild
        // did not count (its product gone since).
        const auto units = std::min(quantity, cell.levels.sold);
        cell.levels.sold -= units;
        cell.levels.available += units;
    }
    changed();
}

void InProcessStock::lessUsed(const LimitClaim& claim, std::int64_t quantity) {
    auto& stripe = stripeFor(claim.key);
    std::lock_guard lock(stripe.mutex);
    auto& used = stripe.used[claim.key];
    used -= quantity;
    if (used <= 0)
        stripe.used.erase(claim.key);
}

bool InProcessStock::adjust(const std::string& sku, std::int64_t delta) {
    auto& cell = findOrAdd(sku);
    {
        std::lock_guard lock(cell.mutex);
        if (cell.levels.available + delta < 0)
            return false;
        cell.levels.available += delta;
        cell.levels.stocked += delta;
    }
    changed();
    return true;
}

void InProcessStock::loadStock(const std::string& sku, std::int64_t stocked, std::int64_t sold) {
    auto& cell = findOrAdd(sku);
    {
        std::lock_guard lock(cell.mutex);
        cell.levels = StockLevels{stocked - sold, 0, sold, stocked};
    }
    changed();
}

void InProcessStock::loadUsage(const std::string& key, std::int64_t units) {
    auto& stripe = stripeFor(key);
    std::lock_guard lock(stripe.mutex);
    stripe.used[key] += units;
}

std::int64_t InProcessStock::usage(const std::string& key) const {
    auto& stripe = stripeFor(key);
    std::lock_guard lock(stripe.mutex);
    const auto found = stripe.used.find(key);
    return found == stripe.used.end() ? 0 : found->second;
}

std::optional<StockLevels> InProcessStock::snapshot(const std::string& sku) const {
    const auto* cell = find(sku);
    if (!cell)
        return std::nullopt;
    std::lock_guard lock(cell->mutex);
    return cell->levels;
}

std::vector<std::pair<std::string, StockLevels>> InProcessStock::snapshotAll() const {
    std::vector<std::pair<std::string, StockLevels>> all;
    for (const auto& shard : shards_) {
        std::lock_guard shardLock(shard.mutex);
        for (const auto& [sku, cell] : shard.cells) {
            std::lock_guard cellLock(cell->mutex);
            all.emplace_back(sku, cell->levels);
        }
    }
    std::sort(all.begin(), all.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return all;
}

} // namespace topcoat

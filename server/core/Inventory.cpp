#include "Inventory.h"

#include <functional>

namespace topcoat {
namespace {

bool takeStock(StockCell& cell, std::int64_t quantity) {
    auto available = cell.available.load(std::memory_order_relaxed);
    do {
        if (available < quantity)
            return false;
    } while (!cell.available.compare_exchange_weak(
        available, available - quantity, std::memory_order_acq_rel, std::memory_order_relaxed));
    cell.reserved.fetch_add(quantity, std::memory_order_relaxed);
    return true;
}

} // namespace

std::string Inventory::limitKey(std::int64_t saleId, const std::string& sku,
                                const std::string& customer) {
    return std::to_string(saleId) + '\x1f' + sku + '\x1f' + customer;
}

std::shared_ptr<StockCell> Inventory::cell(const std::string& sku) {
    std::lock_guard lock(cellsMutex_);
    auto& slot = cells_[sku];
    if (!slot)
        slot = std::make_shared<StockCell>();
    return slot;
}

Inventory::Stripe& Inventory::stripeFor(const std::string& key) const {
    return stripes_[std::hash<std::string>{}(key) % stripes_.size()];
}

ReserveOutcome Inventory::reserve(StockCell& cell, std::int64_t quantity,
                                  const std::optional<LimitClaim>& claim) {
    if (!claim) {
        if (!takeStock(cell, quantity))
            return ReserveOutcome::SoldOut;
        changed();
        return ReserveOutcome::Reserved;
    }

    auto& stripe = stripeFor(claim->key);
    std::lock_guard lock(stripe.mutex);
    const auto found = stripe.used.find(claim->key);
    const std::int64_t used = found == stripe.used.end() ? 0 : found->second;
    if (used + quantity > claim->limit)
        return ReserveOutcome::LimitReached;
    if (!takeStock(cell, quantity))
        return ReserveOutcome::SoldOut;
    stripe.used[claim->key] = used + quantity;
    changed();
    return ReserveOutcome::Reserved;
}

void Inventory::commit(StockCell& cell, std::int64_t quantity) {
    cell.sold.fetch_add(quantity, std::memory_order_relaxed);
    cell.reserved.fetch_sub(quantity, std::memory_order_relaxed);
}

void Inventory::release(StockCell& cell, std::int64_t quantity,
                        const std::optional<LimitClaim>& claim) {
    if (claim) {
        auto& stripe = stripeFor(claim->key);
        std::lock_guard lock(stripe.mutex);
        auto& used = stripe.used[claim->key];
        used -= quantity;
        if (used <= 0)
            stripe.used.erase(claim->key);
    }
    cell.reserved.fetch_sub(quantity, std::memory_order_relaxed);
    cell.available.fetch_add(quantity, std::memory_order_acq_rel);
    changed();
}

bool Inventory::adjust(StockCell& cell, std::int64_t delta) {
    if (delta < 0) {
        auto available = cell.available.load(std::memory_order_relaxed);
        do {
            if (available + delta < 0)
                return false;
        } while (!cell.available.compare_exchange_weak(
            available, available + delta, std::memory_order_acq_rel, std::memory_order_relaxed));
    } else {
        cell.available.fetch_add(delta, std::memory_order_acq_rel);
    }
    cell.stocked.fetch_add(delta, std::memory_order_relaxed);
    changed();
    return true;
}

void Inventory::loadUsage(const std::string& key, std::int64_t units) {
    auto& stripe = stripeFor(key);
    std::lock_guard lock(stripe.mutex);
    stripe.used[key] += units;
}

std::int64_t Inventory::usage(const std::string& key) const {
    auto& stripe = stripeFor(key);
    std::lock_guard lock(stripe.mutex);
    const auto found = stripe.used.find(key);
    return found == stripe.used.end() ? 0 : found->second;
}

} // namespace topcoat

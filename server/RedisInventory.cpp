#include "RedisInventory.h"

#include "server/storage/TranslateDbError.h"

#include <algorithm>

namespace topcoat {
namespace {

redis::StockTruth truthFrom(db::Store& store) {
    const auto state = storage::translateDbError([&] { return store.loadShop(); });
    redis::StockTruth truth;
    std::map<std::string, std::size_t> bySku;
    for (const auto& row : state.products) {
        bySku[row.sku] = truth.skus.size();
        truth.skus.push_back({row.sku, 0, 0});
    }
    for (const auto& row : state.stock) {
        auto found = bySku.find(row.sku);
        if (found == bySku.end()) {
            found = bySku.emplace(row.sku, truth.skus.size()).first;
            truth.skus.push_back({row.sku, 0, 0});
        }
        truth.skus[found->second].stocked = row.stocked;
        truth.skus[found->second].sold = row.sold;
    }
    for (const auto& usage : state.saleUsage)
        truth.usage.push_back({usage.sku,
                               StockLedger::limitKey(usage.saleId, usage.sku, usage.customer),
                               usage.units});
    return truth;
}

// Holds are checked a twelfth of the grace apart (5 s for the default minute), so one is
// settled soon after its grace ends.
redis::RedisStockOptions holdOptions(std::chrono::seconds grace) {
    redis::RedisStockOptions options;
    options.holdGrace = grace;
    options.reconcileEvery = std::clamp<std::chrono::milliseconds>(
        grace / 12, std::chrono::milliseconds(250), options.reconcileEvery);
    return options;
}

} // namespace

RedisInventory::RedisInventory(const redis::RedisAddress& address, std::chrono::seconds holdGrace,
                               db::Store& store, OrderLookup& orders)
    : connections_(address, std::chrono::seconds(2)),
      stock_(std::make_unique<redis::RedisStock>(
          connections_, [&store] { return truthFrom(store); },
          [&orders](const std::string& id) { return orders.find(id).has_value(); },
          holdOptions(holdGrace))) {
    stock_->start();
}

RedisInventory::~RedisInventory() = default;

} // namespace topcoat

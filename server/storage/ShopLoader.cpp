#include "ShopLoader.h"

#include "RowConversion.h"
#include "TranslateDbError.h"

#include <map>

namespace topcoat::storage {

LoadedShop loadShop(db::Store& store, Catalog& catalog, StockLedger& stock, SaleSchedule& sales,
                    IdempotencyStore& idempotency) {
    const auto state = translateDbError([&] { return store.loadShop(); });
    LoadedShop loaded;

    std::map<std::string, std::vector<Review>> reviews;
    for (const auto& row : state.reviews)
        reviews[row.sku].push_back({row.author, row.rating, row.body});

    for (const auto& row : state.products) {
        // Every product is known to the ledger, with zero stock until a stock row says more.
        stock.loadStock(row.sku, 0, 0);
        catalog.upsert(fromRow(row));
        if (auto found = reviews.find(row.sku); found != reviews.end())
            catalog.setReviews(row.sku, std::move(found->second));
    }
    for (const auto& row : state.stock) {
        stock.loadStock(row.sku, row.stocked, row.sold);
        loaded.unitsAvailable += row.stocked - row.sold;
    }
    loaded.products = state.products.size();

    std::vector<Sale> schedule;
    for (const auto& row : state.sales)
        schedule.push_back(fromRow(row));
    loaded.sales = schedule.size();
    sales.replaceAll(std::move(schedule));

    for (const auto& usage : state.saleUsage)
        stock.loadUsage(StockLedger::limitKey(usage.saleId, usage.sku, usage.customer),
                        usage.units);
    for (const auto& row : state.idempotentOrders) {
        const auto order = fromRow(row);
        idempotency.load(*order.idempotencyKey,
                         IdempotencyStore::fingerprintOf(order.sku, order.quantity, order.customer),
                         order);
    }
    return loaded;
}

} // namespace topcoat::storage

#include "ShopLoader.h"

#include "RowConversion.h"
#include "TranslateDbError.h"

#include <map>

namespace topcoat::storage {

namespace {

void applyProducts(const db::ShopState& state, Catalog& catalog) {
    std::map<std::string, std::vector<Review>> reviews;
    for (const auto& row : state.reviews)
        reviews[row.sku].push_back({row.author, row.rating, row.body});
    for (const auto& row : state.products) {
        catalog.upsert(fromRow(row));
        if (auto found = reviews.find(row.sku); found != reviews.end())
            catalog.setReviews(row.sku, std::move(found->second));
    }
}

std::size_t applySales(const db::ShopState& state, SaleSchedule& sales) {
    std::vector<Sale> schedule;
    for (const auto& row : state.sales)
        schedule.push_back(fromRow(row));
    const auto count = schedule.size();
    sales.replaceAll(std::move(schedule));
    return count;
}

} // namespace

LoadedShop loadShop(db::Store& store, Catalog& catalog, StockLedger& stock, SaleSchedule& sales,
                    IdempotencyStore& idempotency) {
    const auto state = translateDbError([&] { return store.loadShop(); });
    LoadedShop loaded;

    // Every product is known to the ledger, with zero stock until a stock row says more.
    for (const auto& row : state.products)
        stock.loadStock(row.sku, 0, 0);
    applyProducts(state, catalog);
    for (const auto& row : state.stock) {
        stock.loadStock(row.sku, row.stocked, row.sold);
        loaded.unitsAvailable += row.stocked - row.sold;
    }
    loaded.products = state.products.size();

    loaded.sales = applySales(state, sales);

    for (const auto& usage : state.saleUsage)
        stock.loadUsage(StockLedger::limitKey(usage.saleId, usage.sku, usage.customer),
                        usage.units);
    for (const auto& row : state.idempotentOrders) {
        const auto order = fromRow(row);
        idempotency.load(*order.idempotencyKey,
                         IdempotencyStore::fingerprintOf(order.sku, order.quantity, order.customer,
                                                         order.shipping),
                         order);
    }
    return loaded;
}

void reloadCatalogAndSales(db::Store& store, Catalog& catalog, SaleSchedule& sales) {
    const auto state = translateDbError([&] { return store.loadCatalog(); });
    applyProducts(state, catalog);
    applySales(state, sales);
}

} // namespace topcoat::storage

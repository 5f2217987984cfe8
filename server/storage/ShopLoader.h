#pragma once

// Rebuilds the storefront's memory from the database at start-up: the catalog, stock (stocked
// minus sold, so a crash never oversells), sales with their sold counts, per-customer sale
// usage, and the idempotency keys of earlier orders.

#include "db/Store.h"
#include "server/core/Catalog.h"
#include "server/core/IdempotencyStore.h"
#include "server/core/SaleSchedule.h"
#include "server/core/StockLedger.h"

namespace topcoat::storage {

struct LoadedShop {
    std::size_t products = 0;
    std::size_t sales = 0;
    std::int64_t unitsAvailable = 0;
};

LoadedShop loadShop(db::Store& store, Catalog& catalog, StockLedger& stock, SaleSchedule& sales,
                    IdempotencyStore& idempotency);

// While serving, from a database other storefronts also write: the products (new ones and
// changes, archiving included), their reviews and the sales with their sold counts. Stock,
// customers' counts and idempotency keys are left alone: they live in the shared inventory and
// in the orders. Throws StorageError when the database fails.
void reloadCatalogAndSales(db::Store& store, Catalog& catalog, SaleSchedule& sales);

} // namespace topcoat::storage

#pragma once

// The wire shapes of Product, Sale and Order (API.md), written with JsonWriter.

#include "JsonWriter.h"
#include "server/core/Catalog.h"
#include "server/core/Order.h"
#include "server/core/SaleSchedule.h"
#include "server/core/StockLedger.h"

namespace topcoat::http {

// The stock figures of a catalog entry; zero for a SKU the ledger has never stocked.
StockLevels stockOf(const StockLedger& stock, const CatalogEntry& entry);

// The Product fields, inside an object the caller opened (so it can add more).
void writeProductFields(JsonWriter& json, const CatalogEntry& entry, const StockLevels& stock,
                        const SaleSchedule& sales, TimePoint now);
// Product as the storefront shows it at `now` (sale price and sale id when a sale is live).
void writeProduct(JsonWriter& json, const CatalogEntry& entry, const StockLevels& stock,
                  const SaleSchedule& sales, TimePoint now);
// Product plus the stock counters the console charts, all from one consistent snapshot.
void writeAdminProduct(JsonWriter& json, const CatalogEntry& entry, const StockLevels& stock,
                       const SaleSchedule& sales, TimePoint now);
void writeSale(JsonWriter& json, const Sale& sale, TimePoint now);
void writeOrder(JsonWriter& json, const Order& order);

std::string productJson(const CatalogEntry& entry, const StockLevels& stock,
                        const SaleSchedule& sales, TimePoint now);
std::string saleJson(const Sale& sale, TimePoint now);
std::string orderJson(const Order& order);

} // namespace topcoat::http

#pragma once

// SQL for the catalog, stock and sales: the writes the admin API makes and the one big read
// that rebuilds the storefront's memory at start-up.

#include "Records.h"

#include <QSqlDatabase>
#include <optional>
#include <string>

namespace topcoat::db {

void insertProduct(QSqlDatabase& db, const ProductRow& product, std::int64_t initialStock,
                   std::int64_t at);
void updateProduct(QSqlDatabase& db, const ProductRow& product, std::int64_t at);
// `writeOff` is stored beside the movement, in the same transaction (the writer's).
void insertStockMovement(QSqlDatabase& db, const std::string& sku, std::int64_t delta,
                         std::int64_t at,
                         const std::optional<WriteOffRow>& writeOff = std::nullopt);
std::int64_t insertSale(QSqlDatabase& db, const SaleRow& sale, std::int64_t at);
// Rewrites the sale `sale.id` and its items; throws DbError when no sale has that id.
void updateSale(QSqlDatabase& db, const SaleRow& sale);
void cancelSale(QSqlDatabase& db, std::int64_t id, std::int64_t at);
void insertReview(QSqlDatabase& db, const ReviewRow& review, std::int64_t at);
void saveSetting(QSqlDatabase& db, const std::string& name, const std::string& value,
                 std::int64_t at);
// Leaves a setting already stored as it is.
void saveSettingIfAbsent(QSqlDatabase& db, const std::string& name, const std::string& value,
                         std::int64_t at);
std::optional<std::string> loadSetting(QSqlDatabase& db, const std::string& name);

ShopState loadShop(QSqlDatabase& db);
// Products, reviews and sales (with their sold counts) only: what a storefront reloads while
// serving, without the stock, customers' counts and idempotent orders.
ShopState loadCatalog(QSqlDatabase& db);

} // namespace topcoat::db

#include "ShopQueries.h"

#include "DbError.h"
#include "OrderQueries.h"
#include "Statements.h"
#include "TimeText.h"

#include <QSqlQuery>
#include <QVariant>
#include <map>

namespace topcoat::db {
namespace {

void insertSaleItems(QSqlDatabase& db, std::int64_t saleId, const std::vector<SaleItemRow>& items) {
    for (const auto& item : items)
        run(db,
            QStringLiteral(
                "INSERT INTO sale_items (sale_id, sku, sale_price_cents) VALUES (?, ?, ?)"),
            {number(saleId), text(item.sku), number(item.salePriceCents)}, "insert sale item");
}

} // namespace

void insertProduct(QSqlDatabase& db, const ProductRow& product, std::int64_t initialStock,
                   std::int64_t at) {
    run(db,
        QStringLiteral("INSERT INTO products (sku, name, shade_hex, price_cents, created_at, "
                       "updated_at) VALUES (?, ?, ?, ?, ?, ?)"),
        {text(product.sku), text(product.name), text(product.shadeHex), number(product.priceCents),
         timeText(at), timeText(at)},
        "insert product");
    run(db,
        QStringLiteral("INSERT INTO stock_movements (sku, delta, reason, created_at) "
                       "VALUES (?, ?, 'initial', ?)"),
        {text(product.sku), number(initialStock), timeText(at)}, "insert initial stock");
}

void updateProduct(QSqlDatabase& db, const ProductRow& product, std::int64_t at) {
    run(db,
        QStringLiteral("UPDATE products SET name = ?, shade_hex = ?, price_cents = ?, "
                       "updated_at = ? WHERE sku = ?"),
        {text(product.name), text(product.shadeHex), number(product.priceCents), timeText(at),
         text(product.sku)},
        "update product");
    // Archived since the first time it was archived, while other fields change.
    if (product.archived)
        run(db,
            QStringLiteral("INSERT OR IGNORE INTO archived_products (sku, archived_at) "
                           "VALUES (?, ?)"),
            {text(product.sku), timeText(at)}, "archive product");
    else
        run(db, QStringLiteral("DELETE FROM archived_products WHERE sku = ?"), {text(product.sku)},
            "unarchive product");
}

void insertStockMovement(QSqlDatabase& db, const std::string& sku, std::int64_t delta,
                         std::int64_t at, const std::optional<WriteOffRow>& writeOff) {
    auto movement =
        run(db,
            QStringLiteral("INSERT INTO stock_movements (sku, delta, reason, "
                           "created_at) VALUES (?, ?, ?, ?)"),
            {text(sku), number(delta),
             delta < 0 ? QStringLiteral("write_off") : QStringLiteral("restock"), timeText(at)},
            "insert stock movement");
    if (!writeOff)
        return;
    const auto note = writeOff->note.empty() ? QVariant() : QVariant(text(writeOff->note));
    run(db,
        QStringLiteral("INSERT INTO write_off_reasons (movement_id, reason, note) "
                       "VALUES (?, ?, ?)"),
        {movement.lastInsertId(), text(writeOff->reason), note}, "insert write-off reason");
}

std::int64_t insertSale(QSqlDatabase& db, const SaleRow& sale, std::int64_t at) {
    auto query = run(db,
                     QStringLiteral("INSERT INTO sales (name, starts_at, ends_at, "
                                    "per_customer_limit, created_at) VALUES (?, ?, ?, ?, ?)"),
                     {text(sale.name), timeText(sale.startsAt), timeText(sale.endsAt),
                      number(sale.perCustomerLimit), timeText(at)},
                     "insert sale");
    const auto id = query.lastInsertId().toLongLong();
    insertSaleItems(db, id, sale.items);
    return id;
}

void updateSale(QSqlDatabase& db, const SaleRow& sale) {
    auto query = run(db,
                     QStringLiteral("UPDATE sales SET name = ?, starts_at = ?, ends_at = ?, "
                                    "per_customer_limit = ? WHERE id = ?"),
                     {text(sale.name), timeText(sale.startsAt), timeText(sale.endsAt),
                      number(sale.perCustomerLimit), number(sale.id)},
                     "update sale");
    if (query.numRowsAffected() != 1)
        throw DbError("update sale: no sale has id " + std::to_string(sale.id));
    // The item list is replaced whole; the writer's transaction keeps the swap atomic.
    run(db, QStringLiteral("DELETE FROM sale_items WHERE sale_id = ?"), {number(sale.id)},
        "delete sale items");
    insertSaleItems(db, sale.id, sale.items);
}

void cancelSale(QSqlDatabase& db, std::int64_t id, std::int64_t at) {
    run(db, QStringLiteral("UPDATE sales SET cancelled_at = ? WHERE id = ?"),
        {timeText(at), number(id)}, "cancel sale");
}

void insertReview(QSqlDatabase& db, const ReviewRow& review, std::int64_t at) {
    run(db,
        QStringLiteral("INSERT INTO reviews (sku, author, rating, body, created_at) "
                       "VALUES (?, ?, ?, ?, ?)"),
        {text(review.sku), text(review.author), review.rating, text(review.body), timeText(at)},
        "insert review");
}

void saveSetting(QSqlDatabase& db, const std::string& name, const std::string& value,
                 std::int64_t at) {
    run(db,
        QStringLiteral("INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (name) DO UPDATE SET value = excluded.value, "
                       "updated_at = excluded.updated_at"),
        {text(name), text(value), timeText(at)}, "save setting");
}

void saveSettingIfAbsent(QSqlDatabase& db, const std::string& name, const std::string& value,
                         std::int64_t at) {
    run(db,
        QStringLiteral("INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT (name) DO NOTHING"),
        {text(name), text(value), timeText(at)}, "save setting if absent");
}

std::optional<std::string> loadSetting(QSqlDatabase& db, const std::string& name) {
    auto query = run(db, QStringLiteral("SELECT value FROM settings WHERE name = ?"), {text(name)},
                     "load setting");
    if (!query.next())
        return std::nullopt;
    return query.value(0).toString().toStdString();
}

ShopState loadCatalog(QSqlDatabase& db) {
    ShopState state;

    auto products = run(db,
                        QStringLiteral("SELECT p.sku, p.name, p.shade_hex, p.price_cents, "
                                       "a.sku IS NOT NULL FROM products p "
                                       "LEFT JOIN archived_products a ON a.sku = p.sku "
                                       "ORDER BY p.sku"),
                        {}, "load products");
    while (products.next())
        state.products.push_back({products.value(0).toString().toStdString(),
                                  products.value(1).toString().toStdString(),
                                  products.value(2).toString().toStdString(),
                                  products.value(3).toLongLong(), products.value(4).toBool()});

    auto reviews =
        run(db, QStringLiteral("SELECT sku, author, rating, body FROM reviews ORDER BY id"), {},
            "load reviews");
    while (reviews.next())
        state.reviews.push_back(
            {reviews.value(0).toString().toStdString(), reviews.value(1).toString().toStdString(),
             reviews.value(2).toInt(), reviews.value(3).toString().toStdString()});

    std::map<std::int64_t, std::size_t> saleIndex;
    auto sales = run(db,
                     QStringLiteral("SELECT id, name, starts_at, ends_at, per_customer_limit, "
                                    "cancelled_at IS NOT NULL FROM sales ORDER BY id"),
                     {}, "load sales");
    while (sales.next()) {
        SaleRow sale;
        sale.id = sales.value(0).toLongLong();
        sale.name = sales.value(1).toString().toStdString();
        sale.startsAt = unixSeconds(sales.value(2).toString());
        sale.endsAt = unixSeconds(sales.value(3).toString());
        sale.perCustomerLimit = sales.value(4).toLongLong();
        sale.cancelled = sales.value(5).toBool();
        saleIndex[sale.id] = state.sales.size();
        state.sales.push_back(std::move(sale));
    }

    auto items = run(db,
                     QStringLiteral("SELECT i.sale_id, i.sku, i.sale_price_cents, "
                                    "COALESCE(o.sold, 0) FROM sale_items i "
                                    "LEFT JOIN (SELECT sale_id, sku, SUM(quantity) AS sold "
                                    "           FROM orders WHERE sale_id IS NOT NULL "
                                    "           AND units_returned = 0 "
                                    "           GROUP BY sale_id, sku) o "
                                    "ON o.sale_id = i.sale_id AND o.sku = i.sku "
                                    "ORDER BY i.sale_id, i.sku"),
                     {}, "load sale items");
    while (items.next()) {
        const auto found = saleIndex.find(items.value(0).toLongLong());
        if (found == saleIndex.end())
            continue;
        state.sales[found->second].items.push_back({items.value(1).toString().toStdString(),
                                                    items.value(2).toLongLong(),
                                                    items.value(3).toLongLong()});
    }

    return state;
}

ShopState loadShop(QSqlDatabase& db) {
    auto state = loadCatalog(db);

    // One pass over each table: orders has no index on sku (see migration 0002).
    auto stock =
        run(db,
            QStringLiteral("SELECT p.sku, COALESCE(m.stocked, 0), COALESCE(o.sold, 0) "
                           "FROM products p "
                           "LEFT JOIN (SELECT sku, SUM(delta) AS stocked "
                           "           FROM stock_movements GROUP BY sku) m "
                           "ON m.sku = p.sku "
                           "LEFT JOIN (SELECT sku, SUM(quantity) AS sold "
                           "           FROM orders WHERE units_returned = 0 GROUP BY sku) o "
                           "ON o.sku = p.sku "
                           "ORDER BY p.sku"),
            {}, "load stock");
    while (stock.next())
        state.stock.push_back({stock.value(0).toString().toStdString(), stock.value(1).toLongLong(),
                               stock.value(2).toLongLong()});

    auto usage = run(db,
                     QStringLiteral("SELECT sale_id, sku, customer, SUM(quantity) FROM orders "
                                    "WHERE sale_id IS NOT NULL AND units_returned = 0 "
                                    "GROUP BY sale_id, sku, customer"),
                     {}, "load sale usage");
    while (usage.next())
        state.saleUsage.push_back(
            {usage.value(0).toLongLong(), usage.value(1).toString().toStdString(),
             usage.value(2).toString().toStdString(), usage.value(3).toLongLong()});

    state.idempotentOrders = idempotentOrders(db);
    return state;
}

} // namespace topcoat::db

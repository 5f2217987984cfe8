#pragma once

// Rows the db tests write, built in one place so each test states only what matters to it.

#include "db/Records.h"

#include <optional>
#include <string>

namespace topcoat::test {

// 2026-03-01T12:00:00Z: a fixed "now" so no test depends on the wall clock.
inline constexpr std::int64_t kNow = 1772366400;

inline db::OrderRow orderRow(std::string orderId, std::string sku, std::int64_t quantity,
                             std::string customer, std::optional<std::int64_t> saleId = {},
                             std::optional<std::string> key = {}) {
    db::OrderRow row;
    row.orderId = std::move(orderId);
    row.sku = std::move(sku);
    row.quantity = quantity;
    row.unitPriceCents = 1000;
    row.totalCents = 1000 * quantity;
    row.customer = std::move(customer);
    row.saleId = saleId;
    row.createdAt = kNow;
    row.idempotencyKey = std::move(key);
    return row;
}

inline db::ProductRow productRow(std::string sku, std::int64_t priceCents = 1000) {
    return {sku, "Polish " + sku, "#aa3366", priceCents};
}

} // namespace topcoat::test

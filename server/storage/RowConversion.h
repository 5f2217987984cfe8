#pragma once

// Converts between the core's records and the database's rows.

#include "db/Records.h"
#include "server/core/Order.h"
#include "server/core/Product.h"
#include "server/core/Sale.h"

namespace topcoat::storage {

inline std::int64_t toUnixSeconds(TimePoint time) {
    return std::chrono::floor<std::chrono::seconds>(time).time_since_epoch().count();
}

inline TimePoint fromUnixSeconds(std::int64_t seconds) {
    return TimePoint{std::chrono::seconds{seconds}};
}

db::ProductRow toRow(const Product& product);
Product fromRow(const db::ProductRow& row);
db::OrderRow toRow(const Order& order);
Order fromRow(const db::OrderRow& row);
db::OrderEventRow toRow(const OrderEvent& event);
OrderEvent fromRow(const db::OrderEventRow& row);
db::SaleRow toRow(const Sale& sale);
Sale fromRow(const db::SaleRow& row);

} // namespace topcoat::storage

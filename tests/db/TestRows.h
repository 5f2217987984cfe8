#pragma once

// Rows the db tests write, and the files they write them to, built in one place so each test
// states only what matters to it.

#include "db/Records.h"

#include <QString>
#include <QTemporaryDir>
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

// A scratch directory handing out a new database file per call, so no test sees another's
// leftovers; every file goes with the directory when the test object is destroyed.
class ScratchFiles {
public:
    // False when the directory could not be created: check it in initTestCase.
    bool isValid() const { return dir_.isValid(); }
    QString freshPath() {
        return dir_.filePath(QStringLiteral("shop-%1.sqlite").arg(++fileCount_));
    }

private:
    QTemporaryDir dir_;
    int fileCount_ = 0;
};

} // namespace topcoat::test

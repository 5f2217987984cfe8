#pragma once

// A real topcoatd in a temporary directory with an AdminClient on it, plus the shortcuts client
// tests use to set up a shop: fresh products, sales, and checkouts over the storefront.

#include "tests/support/TopcoatdProcess.h"
#include "ui/AdminClient.h"

#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <memory>
#include <optional>

namespace topcoat::test {

class LiveShop {
public:
    explicit LiveShop(QNetworkAccessManager& network);

    // Starts topcoatd and points the client at it; false with `error()` when it did not come up.
    bool start();
    QString error() const { return error_; }
    int terminate() { return server_->terminate(); }

    TopcoatdProcess& server() { return *server_; }
    ui::AdminClient& client() { return client_; }
    QUrl adminUrl() const;

    // A SKU no other test uses, so tests do not depend on each other's catalog changes.
    QString freshSku(const char* prefix);
    // Adds a product through the client; "" when that failed (the caller verifies).
    QString addProduct(const char* prefix, qint64 priceCents, qint64 stock);
    // One order over the storefront's plain HTTP; its id, or "" when not confirmed.
    QString checkout(const QString& sku, int quantity, const QString& customer);
    // A sale of one SKU (per-customer limit 2) starting `startOffsetSeconds` from now.
    std::optional<ui::ApiResult<ui::Sale>> createSale(const QString& sku, qint64 salePriceCents,
                                                      qint64 startOffsetSeconds,
                                                      qint64 lengthSeconds);
    // Looked up in the client's full lists; nothing when absent or the call failed.
    std::optional<ui::Product> findProduct(const QString& sku);
    std::optional<ui::Sale> findSale(qint64 id);

private:
    QTemporaryDir dir_;
    std::unique_ptr<TopcoatdProcess> server_;
    ui::AdminClient client_;
    QString error_;
    int skuCounter_ = 0;
};

} // namespace topcoat::test

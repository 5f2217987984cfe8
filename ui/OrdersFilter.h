#pragma once

// The Orders screen's filters over OrdersModel (sale, SKU, customer, status, time range) and the
// totals of what they let through, so the totals line always describes the visible rows.

#include <QDateTime>
#include <QSortFilterProxyModel>

namespace topcoat::ui {

class OrdersModel;

class OrdersFilter : public QSortFilterProxyModel {
    Q_OBJECT

public:
    enum class SaleMode { Any, NoSale, One };

    struct Totals {
        qint64 orders = 0;
        qint64 units = 0;
        qint64 revenueCents = 0;
    };

    explicit OrdersFilter(QObject* parent = nullptr);

    // The source must be an OrdersModel: the filter reads its orders directly, which keeps
    // filtering 200,000 rows cheap.
    void setSourceModel(QAbstractItemModel* source) override;

    // `id` only counts with SaleMode::One.
    void setSale(SaleMode mode, qint64 id = 0);
    // Exact SKU, case-insensitive; "" for all.
    void setSku(const QString& sku);
    // Part of the customer's address, case-insensitive; "" for all.
    void setCustomer(const QString& text);
    // Orders whose status is exactly this ("confirmed", …); "" for every status.
    void setStatus(const QString& status);
    // Orders placed at or after `from` and before `to`; an invalid time leaves that end open.
    void setTimeRange(const QDateTime& from, const QDateTime& to);

    // Over the rows the filters accept.
    Totals totals() const;

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

private:
    const OrdersModel* orders_ = nullptr;
    SaleMode saleMode_ = SaleMode::Any;
    qint64 saleId_ = 0;
    QString sku_;
    QString customer_;
    QString status_;
    QDateTime from_;
    QDateTime to_;
};

} // namespace topcoat::ui

#include "OrdersFilter.h"

#include "OrdersModel.h"

namespace topcoat::ui {

OrdersFilter::OrdersFilter(QObject* parent) : QSortFilterProxyModel(parent) {
    // Raw times and cents sort correctly where their display strings would not.
    setSortRole(OrdersModel::SortRole);
}

void OrdersFilter::setSourceModel(QAbstractItemModel* source) {
    orders_ = qobject_cast<const OrdersModel*>(source);
    Q_ASSERT(orders_ || !source);
    QSortFilterProxyModel::setSourceModel(source);
}

void OrdersFilter::setSale(SaleMode mode, qint64 id) {
    saleMode_ = mode;
    saleId_ = id;
    invalidateFilter();
}

void OrdersFilter::setSku(const QString& sku) {
    sku_ = sku.trimmed();
    invalidateFilter();
}

void OrdersFilter::setCustomer(const QString& text) {
    customer_ = text.trimmed();
    invalidateFilter();
}

void OrdersFilter::setStatus(const QString& status) {
    status_ = status;
    invalidateFilter();
}

void OrdersFilter::setTimeRange(const QDateTime& from, const QDateTime& to) {
    from_ = from;
    to_ = to;
    invalidateFilter();
}

OrdersFilter::Totals OrdersFilter::totals() const {
    Totals totals;
    if (!orders_)
        return totals;
    const int rows = rowCount();
    for (int row = 0; row < rows; ++row) {
        const Order& order = orders_->order(mapToSource(index(row, 0)).row());
        ++totals.orders;
        totals.units += order.quantity;
        totals.revenueCents += order.totalCents;
    }
    return totals;
}

bool OrdersFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    if (!orders_ || parent.isValid())
        return false;
    const Order& order = orders_->order(row);
    switch (saleMode_) {
    case SaleMode::Any:
        break;
    case SaleMode::NoSale:
        if (order.saleId)
            return false;
        break;
    case SaleMode::One:
        if (order.saleId != saleId_)
            return false;
        break;
    }
    if (!sku_.isEmpty() && order.sku.compare(sku_, Qt::CaseInsensitive) != 0)
        return false;
    if (!customer_.isEmpty() && !order.customer.contains(customer_, Qt::CaseInsensitive))
        return false;
    if (!status_.isEmpty() && order.status != status_)
        return false;
    if (from_.isValid() && order.createdAt < from_)
        return false;
    if (to_.isValid() && order.createdAt >= to_)
        return false;
    return true;
}

} // namespace topcoat::ui

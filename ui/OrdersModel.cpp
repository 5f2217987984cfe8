#include "OrdersModel.h"

#include "AdminClient.h"
#include "ConsoleSession.h"
#include "ShippingLabel.h"

#include <QLocale>
#include <QTimer>

namespace topcoat::ui {
namespace {

QString localTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

QString groupedNumber(qint64 value) {
    // A fixed locale, so "1,234" in a German or French session too: the console speaks English.
    static const QLocale english(QLocale::English, QLocale::UnitedStates);
    return english.toString(value);
}

QString groupedCents(qint64 cents) {
    const auto sign = cents < 0 ? QStringLiteral("-") : QString();
    cents = std::abs(cents);
    return QStringLiteral("%1$%2.%3")
        .arg(sign, groupedNumber(cents / 100))
        .arg(cents % 100, 2, 10, QChar('0'));
}

OrdersModel::OrdersModel(ConsoleSession& session, int pageSize, QObject* parent)
    : QAbstractTableModel(parent), client_(session.client()), pageSize_(pageSize) {
    connect(&session, &ConsoleSession::ordersDue, this, &OrdersModel::onPollTick);
    // The first call waits for the event loop, so whoever built us can point the client first.
    QTimer::singleShot(0, this, &OrdersModel::onPollTick);
}

void OrdersModel::setSaleNames(const QHash<qint64, QString>& names) {
    if (names == saleNames_)
        return;
    saleNames_ = names;
    if (!orders_.isEmpty())
        emit dataChanged(index(0, Sale), index(int(orders_.size()) - 1, Sale));
}

void OrdersModel::setProductNames(const QHash<QString, QString>& names) {
    if (names == productNames_)
        return;
    productNames_ = names;
    if (!orders_.isEmpty())
        emit dataChanged(index(0, ProductName), index(int(orders_.size()) - 1, ProductName));
}

QString OrdersModel::saleName(std::optional<qint64> id) const {
    if (!id)
        return {};
    return saleNames_.value(*id, tr("Sale #%1").arg(*id));
}

int OrdersModel::rowOf(const QString& orderId) const {
    const auto place = places_.find(orderId);
    return place == places_.end() ? -1 : int(*place - dropped_);
}

bool OrdersModel::updateOrder(const Order& order) {
    const int row = rowOf(order.orderId);
    if (row < 0)
        return false;
    orders_[row] = order;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
    return true;
}

void OrdersModel::refreshOrders(const QStringList& orderIds) {
    for (const auto& id : orderIds) {
        if (refreshing_.contains(id))
            continue;
        refreshing_.insert(id);
        client_.orderDetail(id, this, [this, id](const ApiResult<OrderDetail>& result) {
            refreshing_.remove(id);
            if (!result.ok())
                return; // the next refresh asks again
            updateOrder(result.value->order);
            emit orderRefreshed(*result.value);
        });
    }
}

void OrdersModel::setPaused(bool paused) {
    if (std::exchange(paused_, paused) && !paused)
        onPollTick(); // catch up at once rather than at the next due beat
}

void OrdersModel::onPollTick() {
    // One call at a time: a slow server must not pile up requests (or duplicate pages).
    if (pending_ || paused_)
        return;
    pending_ = true;
    client_.orders(cursor_, pageSize_, this,
                   [this](const ApiResult<OrderPage>& result) { onPage(result); });
}

void OrdersModel::onPage(const ApiResult<OrderPage>& result) {
    pending_ = false;
    if (!result.ok()) {
        if (result.error)
            emit loadFailed(*result.error);
        return; // the timer retries from the same cursor
    }
    const OrderPage& page = *result.value;
    append(page.orders);
    if (page.next) {
        // More pages already exist: read them now rather than one per tick.
        cursor_ = *page.next;
        onPollTick();
        return;
    }
    // An empty page has no `last`; the cursor we hold is then still the right one.
    if (page.last)
        cursor_ = *page.last;
    if (!loaded_) {
        loaded_ = true;
        emit loadFinished();
    }
}

void OrdersModel::append(const QList<Order>& fresh) {
    if (fresh.isEmpty())
        return;
    qsizetype skip = 0; // of `fresh`, when a single page alone exceeds the capacity
    if (fresh.size() > capacity_)
        skip = fresh.size() - capacity_;
    const qsizetype overflow = orders_.size() + (fresh.size() - skip) - capacity_;
    if (overflow > 0) {
        const int gone = int(std::min(overflow, orders_.size()));
        beginRemoveRows({}, 0, gone - 1);
        for (int row = 0; row < gone; ++row)
            places_.remove(orders_[row].orderId);
        orders_.remove(0, gone);
        dropped_ += gone;
        endRemoveRows();
    }
    const int first = int(orders_.size());
    const int count = int(fresh.size() - skip);
    beginInsertRows({}, first, first + count - 1);
    // Orders skipped from `fresh` count as dropped before the first of them is placed.
    dropped_ += skip;
    for (auto i = skip; i < fresh.size(); ++i)
        places_.insert(fresh[i].orderId, dropped_ + orders_.size() + (i - skip));
    orders_.append(fresh.mid(skip));
    endInsertRows();
    if (overflow > 0 || skip > 0)
        emit capacityReached(dropped_);
    emit ordersArrived(count);
}

int OrdersModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(orders_.size());
}

int OrdersModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= orders_.size())
        return {};
    const Order& order = orders_[index.row()];
    if (role == Qt::DisplayRole || role == SortRole) {
        const bool display = role == Qt::DisplayRole;
        switch (Column(index.column())) {
        case Time:
            return display ? QVariant(localTime(order.createdAt)) : QVariant(order.createdAt);
        case OrderId:
            return order.orderId;
        case Sku:
            return order.sku;
        case ProductName:
            return productNames_.value(order.sku);
        case Quantity:
            return order.quantity;
        case UnitPrice:
            return display ? QVariant(groupedCents(order.unitPriceCents))
                           : QVariant(order.unitPriceCents);
        case Total:
            return display ? QVariant(groupedCents(order.totalCents)) : QVariant(order.totalCents);
        case Status:
            return display ? orderStatusTitle(order.status) : QVariant(order.status);
        case Customer:
            return order.customer;
        case ShipTo:
            return shipToSummary(order.shipping);
        case Sale:
            if (!display)
                return order.saleId.value_or(-1);
            return saleName(order.saleId);
        case ColumnCount:
            break;
        }
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Quantity && index.column() <= Total)
        return int(Qt::AlignRight | Qt::AlignVCenter);
    return {};
}

QVariant OrdersModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (Column(section)) {
    case Time:
        return tr("Time");
    case OrderId:
        return tr("Order");
    case Sku:
        return tr("SKU");
    case ProductName:
        return tr("Product");
    case Quantity:
        return tr("Qty");
    case UnitPrice:
        return tr("Unit price");
    case Total:
        return tr("Total");
    case Status:
        return tr("Status");
    case Customer:
        return tr("Customer");
    case ShipTo:
        return tr("Ship to");
    case Sale:
        return tr("Sale");
    case ColumnCount:
        break;
    }
    return {};
}

} // namespace topcoat::ui

#pragma once

// Every order the storefront has taken, oldest first, as a table. On start it reads all pages
// one after another; from then on it asks on the console session's beat only for orders placed
// since the last one it holds (the API's `last` cursor), so new orders appear without a reload.
// Orders already held change only by their status, which refreshOrders() reads again.

#include "ApiTypes.h"
#include "OrderLife.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSet>

namespace topcoat::ui {

class AdminClient;
class ConsoleSession;

// 1234567 -> "1,234,567": counts in the console read the same whatever the locale.
QString groupedNumber(qint64 value);
// 1234567 -> "$12,345.67".
QString groupedCents(qint64 cents);

class OrdersModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Time,
        OrderId,
        Sku,
        ProductName,
        Quantity,
        UnitPrice,
        Total,
        Status,
        Customer,
        ShipTo, // "Ana Müller, Köln, DE"; empty when the order has no address
        Sale,
        ColumnCount
    };
    // Raw values (times, cents, the sale id or -1) for sorting.
    static constexpr int SortRole = Qt::UserRole + 1;
    // The most the API returns per call.
    static constexpr int defaultPageSize = 1000;
    // A console left open on a busy shop must not grow without bound; older rows go first.
    static constexpr int defaultCapacity = 200000;

    // Polls when the session says orders are due; the first call runs once the event loop does.
    explicit OrdersModel(ConsoleSession& session, int pageSize = defaultPageSize,
                         QObject* parent = nullptr);

    // While paused no orders are fetched; resuming carries on from the cursor, so nothing is
    // missed. During a sale every order is a new row: nobody should pay for that unseen.
    void setPaused(bool paused);
    // For tests of the cap; applies from the next page received.
    void setCapacity(int rows) { capacity_ = rows; }

    const QList<Order>& orders() const { return orders_; }
    const Order& order(int row) const { return orders_.at(row); }
    // The row holding this order, or -1.
    int rowOf(const QString& orderId) const;
    // Replaces the order held under the same id (its status moved); false when none is held.
    bool updateOrder(const Order& order);
    // Reads these orders again from GET /admin/orders/{id} (at most one call per order at once)
    // and updates their rows: statuses change on other consoles and other nodes too.
    void refreshOrders(const QStringList& orderIds);
    // True once every page that existed at start has been read.
    bool loaded() const { return loaded_; }
    // Whether a call is on its way (one at a time).
    bool fetching() const { return pending_; }
    // Oldest orders removed to stay within the capacity.
    qint64 dropped() const { return dropped_; }
    int capacity() const { return capacity_; }

    // Names shown in the Sale column instead of bare ids.
    void setSaleNames(const QHash<qint64, QString>& names);
    // SKU -> product name, for the Product column. Archived products keep their names here, so
    // an old order still says what was bought.
    void setProductNames(const QHash<QString, QString>& names);
    // "" when the name is not known (yet).
    QString productName(const QString& sku) const { return productNames_.value(sku); }
    // The sale's name, or "Sale #id" before the sales list names it; "" for no sale.
    QString saleName(std::optional<qint64> id) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // The initial paging finished (once).
    void loadFinished();
    // Rows were appended (by paging or polling); `count` new ones.
    void ordersArrived(int count);
    // The oldest rows were removed to respect the capacity; `total` dropped so far.
    void capacityReached(qint64 total);
    // A call failed; the next tick tries again from the same cursor, so nothing is lost.
    void loadFailed(const ApiError& error);
    // An order was read again by refreshOrders(), its row already updated.
    void orderRefreshed(const OrderDetail& detail);

private:
    void onPollTick();
    void onPage(const ApiResult<OrderPage>& result);
    void append(const QList<Order>& fresh);

    AdminClient& client_;
    const int pageSize_;
    int capacity_ = defaultCapacity;
    bool paused_ = false;
    QList<Order> orders_; // oldest first, as the server lists them
    // Order id -> its place counted from the first order ever held: rows are dropped only from
    // the front, so the row is that place minus dropped_.
    QHash<QString, qint64> places_;
    QSet<QString> refreshing_;
    QHash<qint64, QString> saleNames_;
    QHash<QString, QString> productNames_;
    QString cursor_; // "" before the first page
    bool pending_ = false;
    bool loaded_ = false;
    qint64 dropped_ = 0;
};

} // namespace topcoat::ui

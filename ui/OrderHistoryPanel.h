#pragma once

// Under the Orders table: the selected order's status and every move it has made, with who
// made it, when, and their note, read from GET /admin/orders/{id} when the selection changes.

#include "OrderLife.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace topcoat::ui {

class OrderHistoryPanel : public QWidget {
    Q_OBJECT

public:
    explicit OrderHistoryPanel(QWidget* parent = nullptr);

    // Nothing selected.
    void clear();
    // The order is selected but its history is on its way.
    void showPending(const Order& order);
    void showDetail(const OrderDetail& detail);
    // The history could not be read; the order's own fields still show.
    void showFailure(const Order& order, const QString& message);

    // The order shown, "" when none.
    const QString& orderId() const { return orderId_; }
    // The moves as shown, one line each ("Fulfilled by ann at … — note"), for tests.
    QStringList historyLines() const;

private:
    void showHeading(const Order& order, const QString& extra);

    QLabel* heading_;
    QTableWidget* moves_;
    QString orderId_;
};

} // namespace topcoat::ui

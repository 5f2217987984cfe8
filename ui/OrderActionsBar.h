#pragma once

// The moves staff can make on the selected order ("Mark fulfilled", "Cancel…", "Refund…"), each
// enabled only when the order's status allows it (server/API.md's table), confirmed in an
// OrderMoveDialog, then sent; the server's refusal is shown in words.

#include "AdminClient.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;

namespace topcoat::ui {

class OrderMoveDialog;

class OrderActionsBar : public QWidget {
    Q_OBJECT

public:
    explicit OrderActionsBar(AdminClient& client, QWidget* parent = nullptr);

    // The order the buttons act on (nothing: all disabled).
    void setOrder(const std::optional<Order>& order);
    // Who the dialogs say makes the change; "" lets the server say "staff".
    void setStaffName(const QString& name) { staffName_ = name; }
    const QString& staffName() const { return staffName_; }

    QPushButton* button(const QString& to) const;
    // The dialog waiting for an answer, if any.
    OrderMoveDialog* openDialog() const { return dialog_; }
    // What the last move said ("" after a success or before any).
    QString message() const;

signals:
    // The server made the move; the detail is the order as it is now.
    void orderMoved(const OrderDetail& detail);
    // The server refused or did not answer; the order may have moved elsewhere.
    void moveFailed(const QString& orderId, const ApiError& error);
    // A dialog was confirmed with another name in "By": the console keeps it for next time.
    void staffNameChanged(const QString& name);

private:
    void ask(const QString& to);
    void send(const QString& orderId, const OrderStatusChange& change);
    void updateButtons();

    AdminClient& client_;
    QPushButton* fulfil_;
    QPushButton* cancel_;
    QPushButton* refund_;
    QLabel* message_;
    std::optional<Order> order_;
    OrderMoveDialog* dialog_ = nullptr;
    QString staffName_ = QStringLiteral("staff");
    bool sending_ = false;
};

} // namespace topcoat::ui

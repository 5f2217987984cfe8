#pragma once

// Asks staff to confirm one move of an order (fulfil, cancel, refund) before it is sent: what
// the move does, whether a refund puts the units back on sale, an optional note, and who makes
// it. Opened window-modal with open(), so the console keeps following the shop meanwhile.

#include "ApiTypes.h"
#include "OrderLife.h"

#include <QDialog>

class QCheckBox;
class QLineEdit;

namespace topcoat::ui {

class OrderMoveDialog : public QDialog {
    Q_OBJECT

public:
    // `to`: fulfilled | cancelled | refunded; `by` prefilled (the console's staff name).
    OrderMoveDialog(const Order& order, const QString& to, const QString& by,
                    QWidget* parent = nullptr);

    // The body to send, as the dialog is filled in now.
    OrderStatusChange change() const;
    const QString& orderId() const { return orderId_; }

    QCheckBox* restockBox() const { return restock_; } // nullptr unless refunding
    QLineEdit* noteField() const { return note_; }
    QLineEdit* byField() const { return by_; }

private:
    QString orderId_;
    QString to_;
    QCheckBox* restock_ = nullptr;
    QLineEdit* note_;
    QLineEdit* by_;
};

} // namespace topcoat::ui

#include "OrderMoveDialog.h"

#include "OrdersModel.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

struct MoveText {
    const char* title;
    const char* action; // the confirming button
    const char* effect; // what it does, once the order is named
};

MoveText moveText(const QString& to) {
    if (to == QLatin1String("fulfilled"))
        return {"Mark fulfilled", "Mark fulfilled",
                "The order is handed over or shipped. It can still be refunded later."};
    if (to == QLatin1String("cancelled"))
        return {"Cancel order", "Cancel order",
                "The units go back on sale and the customer may buy them again. A cancel "
                "cannot be undone."};
    return {"Refund order", "Refund",
            "The customer gets their money back. A refund cannot be undone."};
}

} // namespace

OrderMoveDialog::OrderMoveDialog(const Order& order, const QString& to, const QString& by,
                                 QWidget* parent)
    : QDialog(parent), orderId_(order.orderId), to_(to), note_(new QLineEdit(this)),
      by_(new QLineEdit(this)) {
    setObjectName(QStringLiteral("orderMoveDialog"));
    const auto text = moveText(to);
    setWindowTitle(tr(text.title));
    setWindowModality(Qt::WindowModal);

    auto* summary = new QLabel(tr("%1: %2 × %3 for %4, %5 (now %6).")
                                   .arg(order.orderId, groupedNumber(order.quantity), order.sku,
                                        groupedCents(order.totalCents), order.customer,
                                        orderStatusTitle(order.status).toLower()),
                               this);
    summary->setWordWrap(true);
    summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* effect = new QLabel(tr(text.effect), this);
    effect->setWordWrap(true);

    auto* form = new QFormLayout;
    if (to == QLatin1String("refunded")) {
        // Asked every time, unticked: returned goods are not always fit to sell again.
        restock_ = new QCheckBox(
            tr("Put the %1 back on sale")
                .arg(order.quantity == 1 ? tr("unit") : tr("%1 units").arg(order.quantity)),
            this);
        restock_->setObjectName(QStringLiteral("restock"));
        form->addRow(restock_);
    }
    note_->setObjectName(QStringLiteral("note"));
    note_->setPlaceholderText(tr("Optional, e.g. \"customer called\""));
    note_->setMaxLength(500);
    form->addRow(tr("Note:"), note_);
    by_->setObjectName(QStringLiteral("by"));
    by_->setText(by);
    by_->setMaxLength(64);
    by_->setPlaceholderText(QStringLiteral("staff"));
    form->addRow(tr("By:"), by_);

    auto* buttons = new QDialogButtonBox(this);
    buttons->addButton(tr(text.action), QDialogButtonBox::AcceptRole)
        ->setObjectName(QStringLiteral("confirmMove"));
    buttons->addButton(tr("Keep as it is"), QDialogButtonBox::RejectRole);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary);
    layout->addWidget(effect);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

OrderStatusChange OrderMoveDialog::change() const {
    OrderStatusChange change;
    change.status = to_;
    if (restock_)
        change.restock = restock_->isChecked();
    change.by = by_->text().trimmed();
    change.note = note_->text().trimmed();
    return change;
}

} // namespace topcoat::ui

#include "OrderActionsBar.h"

#include "OrderMoveDialog.h"

#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {

OrderActionsBar::OrderActionsBar(AdminClient& client, QWidget* parent)
    : QWidget(parent), client_(client), fulfil_(new QPushButton(tr("Mark fulfilled"), this)),
      cancel_(new QPushButton(tr("Cancel…"), this)), refund_(new QPushButton(tr("Refund…"), this)),
      message_(new QLabel(this)) {
    fulfil_->setObjectName(QStringLiteral("markFulfilled"));
    cancel_->setObjectName(QStringLiteral("cancelOrder"));
    refund_->setObjectName(QStringLiteral("refundOrder"));
    message_->setObjectName(QStringLiteral("orderActionMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    message_->setStyleSheet(QStringLiteral("color: #c62828;"));
    message_->setMaximumWidth(220);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (auto* button : {fulfil_, cancel_, refund_})
        layout->addWidget(button);
    layout->addWidget(message_);
    layout->addStretch();

    connect(fulfil_, &QPushButton::clicked, this, [this] { ask(QStringLiteral("fulfilled")); });
    connect(cancel_, &QPushButton::clicked, this, [this] { ask(QStringLiteral("cancelled")); });
    connect(refund_, &QPushButton::clicked, this, [this] { ask(QStringLiteral("refunded")); });
    updateButtons();
}

QPushButton* OrderActionsBar::button(const QString& to) const {
    if (to == QLatin1String("fulfilled"))
        return fulfil_;
    if (to == QLatin1String("cancelled"))
        return cancel_;
    if (to == QLatin1String("refunded"))
        return refund_;
    return nullptr;
}

QString OrderActionsBar::message() const {
    return message_->text();
}

void OrderActionsBar::setOrder(const std::optional<Order>& order) {
    // Another order selected: what was said of the previous one no longer applies.
    if (!order || !order_ || order->orderId != order_->orderId)
        message_->clear();
    order_ = order;
    updateButtons();
}

void OrderActionsBar::updateButtons() {
    for (const auto& to :
         {QStringLiteral("fulfilled"), QStringLiteral("cancelled"), QStringLiteral("refunded")}) {
        const bool allowed = order_ && orderMoveAllowed(order_->status, to);
        button(to)->setEnabled(allowed && !sending_ && !dialog_);
        button(to)->setToolTip(allowed || !order_
                                   ? QString()
                                   : tr("A %1 order cannot be %2.")
                                         .arg(orderStatusTitle(order_->status).toLower(), to));
    }
}

void OrderActionsBar::ask(const QString& to) {
    if (!order_ || dialog_)
        return;
    dialog_ = new OrderMoveDialog(*order_, to, staffName_, this);
    dialog_->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog_, &QDialog::finished, this, [this](int result) {
        const auto id = dialog_->orderId();
        const auto change = dialog_->change();
        dialog_ = nullptr;
        if (result == QDialog::Accepted) {
            if (!change.by.isEmpty() && change.by != staffName_) {
                staffName_ = change.by;
                emit staffNameChanged(staffName_);
            }
            send(id, change);
        }
        updateButtons();
    });
    updateButtons();
    dialog_->open();
}

void OrderActionsBar::send(const QString& orderId, const OrderStatusChange& change) {
    sending_ = true;
    message_->clear();
    client_.setOrderStatus(
        orderId, change, this, [this, orderId](const ApiResult<OrderDetail>& result) {
            sending_ = false;
            if (result.ok()) {
                if (order_ && order_->orderId == orderId)
                    order_ = result.value->order;
                updateButtons();
                emit orderMoved(*result.value);
                return;
            }
            const auto& error = *result.error;
            message_->setText(
                tr("Not changed: %1").arg(error.message.isEmpty() ? error.code : error.message));
            updateButtons();
            emit moveFailed(orderId, error);
        });
}

} // namespace topcoat::ui

#include "OrderAddressPanel.h"

#include "ShippingLabel.h"

#include <QApplication>
#include <QClipboard>
#include <QFontMetrics>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {

OrderAddressPanel::OrderAddressPanel(QWidget* parent)
    : QWidget(parent), address_(new QLabel(this)),
      copy_(new QPushButton(tr("Copy address"), this)) {
    address_->setObjectName(QStringLiteral("shippingAddress"));
    address_->setTextFormat(Qt::PlainText); // customers' text, never markup
    address_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    address_->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    // Room for a usual street line; a longer one is cut here but whole on the clipboard and in
    // the tooltip, so the table above keeps its width.
    const QFontMetrics metrics(address_->font());
    address_->setFixedWidth(
        metrics.horizontalAdvance(QStringLiteral("Hauptstraße 123, Hinterhaus")));
    copy_->setObjectName(QStringLiteral("copyAddress"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(address_, 1);
    layout->addWidget(copy_, 0, Qt::AlignLeft);

    connect(copy_, &QPushButton::clicked, this, &OrderAddressPanel::copy);
    setOrder(std::nullopt);
}

void OrderAddressPanel::setOrder(const std::optional<Order>& order) {
    label_ = order && order->shipping ? shippingLabel(*order->shipping) : QString();
    if (!label_.isEmpty())
        address_->setText(tr("Ship to:") + QLatin1Char('\n') + label_);
    else if (order)
        address_->setText(tr("No shipping address."));
    else
        address_->clear();
    address_->setToolTip(label_);
    copy_->setEnabled(!label_.isEmpty());
}

void OrderAddressPanel::copy() {
    if (!label_.isEmpty())
        QApplication::clipboard()->setText(label_);
}

} // namespace topcoat::ui

#pragma once

// Beside the selected order's history: where the order is to be sent, in full, with a button
// that puts the label text on the clipboard for the carrier's form.

#include "ApiTypes.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;

namespace topcoat::ui {

class OrderAddressPanel : public QWidget {
    Q_OBJECT

public:
    explicit OrderAddressPanel(QWidget* parent = nullptr);

    // The order selected (nothing: no order); its address shown, or that it has none.
    void setOrder(const std::optional<Order>& order);
    // The label text "Copy address" puts on the clipboard; "" when there is no address.
    const QString& labelText() const { return label_; }

private:
    void copy();

    QLabel* address_;
    QPushButton* copy_;
    QString label_;
};

} // namespace topcoat::ui

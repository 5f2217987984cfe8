#pragma once

// Paints a product's shade as a rounded colour chip, the way polish is shown on a shop shelf,
// from the colour a model gives under `colorRole`.

#include <QStyledItemDelegate>

namespace topcoat::ui {

class SwatchDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    explicit SwatchDelegate(int colorRole, QObject* parent = nullptr);

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The chip itself, shared with the product form's colour button.
    static void paintChip(QPainter& painter, const QRectF& rect, const QColor& color);

private:
    int colorRole_;
};

} // namespace topcoat::ui

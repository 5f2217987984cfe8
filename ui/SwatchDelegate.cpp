#include "SwatchDelegate.h"

#include <QApplication>
#include <QPainter>

namespace topcoat::ui {
namespace {

constexpr int chipWidth = 36;
constexpr int chipHeight = 14;

} // namespace

SwatchDelegate::SwatchDelegate(int colorRole, QObject* parent)
    : QStyledItemDelegate(parent), colorRole_(colorRole) {}

void SwatchDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                           const QModelIndex& index) const {
    // Background, selection and focus as the style draws them; the chip goes on top.
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    background.text.clear();
    background.icon = {};
    const auto* style = option.widget ? option.widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &background, painter, option.widget);

    const auto color = index.data(colorRole_).value<QColor>();
    if (!color.isValid())
        return;
    const int height = std::min(chipHeight, option.rect.height() - 6);
    const QRectF chip(option.rect.left() + 6, option.rect.center().y() - height / 2.0 + 0.5,
                      std::min(chipWidth, option.rect.width() - 12), height);
    painter->save();
    paintChip(*painter, chip, color);
    painter->restore();
}

QSize SwatchDelegate::sizeHint(const QStyleOptionViewItem&, const QModelIndex&) const {
    return {chipWidth + 12, chipHeight + 8};
}

void SwatchDelegate::paintChip(QPainter& painter, const QRectF& rect, const QColor& color) {
    painter.setRenderHint(QPainter::Antialiasing);
    // A darker rim keeps pale shades (Cloud Nine, #f5f5f5) visible on a white row.
    painter.setPen(QPen(color.darker(130), 1));
    painter.setBrush(color);
    const qreal radius = rect.height() / 2.0;
    painter.drawRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), radius, radius);
    // A soft highlight along the top reads as gloss, which is what lacquer looks like.
    QLinearGradient gloss(rect.topLeft(), rect.bottomLeft());
    gloss.setColorAt(0, QColor(255, 255, 255, 90));
    gloss.setColorAt(0.5, QColor(255, 255, 255, 0));
    painter.setPen(Qt::NoPen);
    painter.setBrush(gloss);
    painter.drawRoundedRect(rect.adjusted(1.5, 1.5, -1.5, -1.5), radius - 1, radius - 1);
}

} // namespace topcoat::ui

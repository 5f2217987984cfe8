#include "OrderHistoryPanel.h"

#include <QHeaderView>
#include <QLabel>
#include <QTableWidget>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

enum MoveColumn { When, Status, By, UnitsBack, Note, MoveColumnCount };

QString localTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

OrderHistoryPanel::OrderHistoryPanel(QWidget* parent)
    : QWidget(parent), heading_(new QLabel(this)),
      moves_(new QTableWidget(0, MoveColumnCount, this)) {
    heading_->setObjectName(QStringLiteral("orderHeading"));
    heading_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    moves_->setObjectName(QStringLiteral("orderHistory"));
    moves_->setHorizontalHeaderLabels(
        {tr("When"), tr("Moved to"), tr("By"), tr("Units back"), tr("Note")});
    moves_->horizontalHeader()->setStretchLastSection(true);
    moves_->verticalHeader()->hide();
    moves_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    moves_->setSelectionBehavior(QAbstractItemView::SelectRows);
    moves_->setWordWrap(false);
    // A few moves at most per order: a short table leaves the orders the room.
    moves_->setMaximumHeight(moves_->horizontalHeader()->sizeHint().height() +
                             3 * moves_->verticalHeader()->defaultSectionSize() + 4);
    const QFontMetrics metrics(moves_->font());
    moves_->horizontalHeader()->resizeSection(
        When, metrics.horizontalAdvance(QStringLiteral("2026-11-22 18:00:00")) + 24);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(heading_);
    layout->addWidget(moves_);
    clear();
}

void OrderHistoryPanel::clear() {
    orderId_.clear();
    heading_->setText(tr("Select an order to see its history and move it on."));
    moves_->setRowCount(0);
}

void OrderHistoryPanel::showHeading(const Order& order, const QString& extra) {
    orderId_ = order.orderId;
    auto text = tr("%1 · %2").arg(order.orderId, orderStatusTitle(order.status));
    if (!extra.isEmpty())
        text += QStringLiteral(" · ") + extra;
    heading_->setText(text);
}

void OrderHistoryPanel::showPending(const Order& order) {
    if (order.orderId != orderId_)
        moves_->setRowCount(0); // another order's moves must not show under this one
    showHeading(order, tr("reading its history…"));
}

void OrderHistoryPanel::showFailure(const Order& order, const QString& message) {
    moves_->setRowCount(0);
    showHeading(order, tr("history not read: %1").arg(message));
}

void OrderHistoryPanel::showDetail(const OrderDetail& detail) {
    showHeading(detail.order,
                detail.history.isEmpty()
                    ? tr("never moved")
                    : (detail.unitsReturned ? tr("its units went back on sale") : QString()));
    moves_->setRowCount(int(detail.history.size()));
    for (int row = 0; row < detail.history.size(); ++row) {
        const auto& move = detail.history[row];
        const QStringList cells{localTime(move.at), orderStatusTitle(move.status), move.by,
                                move.unitsReturned ? tr("yes") : tr("no"), move.note};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            item->setToolTip(cells[column]);
            moves_->setItem(row, column, item);
        }
    }
}

QStringList OrderHistoryPanel::historyLines() const {
    QStringList lines;
    for (int row = 0; row < moves_->rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < MoveColumnCount; ++column)
            cells << (moves_->item(row, column) ? moves_->item(row, column)->text() : QString());
        lines << cells.join(QStringLiteral(" | "));
    }
    return lines;
}

} // namespace topcoat::ui

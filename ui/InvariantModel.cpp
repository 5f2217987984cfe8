#include "InvariantModel.h"

#include "ChartStyle.h"

#include <QBrush>
#include <QColor>
#include <QFont>

namespace topcoat::ui {
namespace {

const QColor brokenText(0xc9, 0x2a, 0x2a);
const QColor brokenBackground(0xff, 0xe3, 0xe3);
const QColor suspectText(0xe6, 0x77, 0x00);
const QColor okText(0x2b, 0x8a, 0x3e);
const QColor unknownText(0x86, 0x8e, 0x96);

qint64 offBy(const ProductStock& s) {
    return s.sold + s.reserved + s.available - s.stocked;
}

QString signedUnits(qint64 units) {
    return units > 0 ? QStringLiteral("+%1").arg(units) : QString::number(units);
}

} // namespace

InvariantModel::InvariantModel(const StatsTimeline& timeline, QObject* parent)
    : QAbstractTableModel(parent), timeline_(timeline) {}

void InvariantModel::refresh() {
    QStringList skus;
    for (const auto& product : timeline_.products())
        skus.append(product.stock.sku);
    if (skus != skus_) {
        beginResetModel();
        skus_ = skus;
        endResetModel();
        return;
    }
    // In place, so the view keeps its selection and scroll position every second.
    if (!skus_.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

void InvariantModel::setKnown(bool known) {
    if (known == known_)
        return;
    known_ = known;
    if (!skus_.isEmpty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
}

int InvariantModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : static_cast<int>(skus_.size());
}

int InvariantModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant InvariantModel::data(const QModelIndex& index, int role) const {
    const auto& products = timeline_.products();
    if (!index.isValid() || index.row() >= products.size())
        return {};
    const auto& product = products.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
    case SortRole:
        return value(product, index.column(), role);
    case Qt::TextAlignmentRole:
        if (index.column() == Sku || index.column() == Check)
            return QVariant(Qt::AlignLeft | Qt::AlignVCenter);
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    case Qt::ForegroundRole:
        if (product.broken())
            return QBrush(brokenText);
        if (!known_)
            return QBrush(unknownText);
        if (index.column() == Check)
            return QBrush(product.balanced() ? okText : suspectText);
        return {};
    case Qt::BackgroundRole:
        return product.broken() ? QVariant(QBrush(brokenBackground)) : QVariant();
    case Qt::FontRole:
        if (product.broken()) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case Qt::ToolTipRole:
        if (product.broken())
            return tr("Broken at %1: sold %2 + reserved %3 + available %4 ≠ stocked %5")
                .arg(product.brokenAt->toLocalTime().toString(QStringLiteral("HH:mm:ss")))
                .arg(product.atBreak.sold)
                .arg(product.atBreak.reserved)
                .arg(product.atBreak.available)
                .arg(product.atBreak.stocked);
        return {};
    default:
        return {};
    }
}

QVariant InvariantModel::value(const ProductHealth& product, int column, int role) const {
    const auto& s = product.stock;
    const bool display = role == Qt::DisplayRole;
    switch (column) {
    case Sku:
        return s.sku;
    case Stocked:
        return s.stocked;
    case Sold:
        return s.sold;
    case Reserved:
        return s.reserved;
    case Available:
        return s.available;
    case SellThrough:
        return display ? QVariant(chartstyle::percent(product.sellThrough()))
                       : QVariant(product.sellThrough());
    case Check:
        // Broken first when sorted descending.
        if (!display)
            return product.broken() ? 1 : 0;
        if (product.broken())
            return tr("BROKEN %1 (off by %2)")
                .arg(product.brokenAt->toLocalTime().toString(QStringLiteral("HH:mm:ss")),
                     signedUnits(offBy(product.atBreak)));
        if (!known_)
            return tr("unknown");
        return tr("✓ balanced");
    default:
        return {};
    }
}

QVariant InvariantModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Sku:
        return tr("SKU");
    case Stocked:
        return tr("Stocked");
    case Sold:
        return tr("Sold");
    case Reserved:
        return tr("Reserved");
    case Available:
        return tr("Available");
    case SellThrough:
        return tr("Sell-through");
    case Check:
        return tr("Check");
    default:
        return {};
    }
}

} // namespace topcoat::ui

#include "ProductsModel.h"

#include "AdminClient.h"
#include "CatalogCsv.h"
#include "ConsoleSession.h"

#include <QBrush>
#include <QColor>
#include <QHash>
#include <QLocale>
#include <QTimer>

namespace topcoat::ui {

ProductsModel::ProductsModel(ConsoleSession& session, QObject* parent)
    : QAbstractTableModel(parent), client_(session.client()) {
    connect(&session, &ConsoleSession::productsDue, this, &ProductsModel::refresh);
    // Once the event loop runs, so whoever built us can point the client at a server first.
    QTimer::singleShot(0, this, &ProductsModel::refresh);
}

int ProductsModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(products_.size());
}

int ProductsModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProductsModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= products_.size())
        return {};
    const auto& p = products_.at(index.row());
    switch (role) {
    case ColorRole:
        return QColor(p.shadeHex);
    case SkuRole:
        return p.sku;
    case ArchivedRole:
        return p.archived;
    case Qt::ToolTipRole:
        if (p.archived)
            return tr("Archived: not shown or sold in the storefront");
        return index.column() == Swatch ? QVariant(p.shadeHex) : QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= Price ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::ForegroundRole:
        if (p.archived)
            return QBrush(QColor(0x86, 0x8e, 0x96));
        // Sold out is what an owner scans the list for during a sale.
        if (index.column() == Available && p.stock == 0)
            return QBrush(QColor(0xc9, 0x2a, 0x2a));
        return {};
    case SortRole:
        switch (index.column()) {
        case Swatch:
            return QColor(p.shadeHex).hslHue();
        case Sku:
            return p.sku;
        case Name:
            return p.name.toCaseFolded();
        case Price:
            return p.priceCents;
        case Available:
            return p.stock;
        case Sold:
            return p.sold;
        case Stocked:
            return p.stocked;
        }
        return {};
    case Qt::DisplayRole: {
        const QLocale locale;
        switch (index.column()) {
        case Swatch:
            return {}; // painted by SwatchDelegate
        case Sku:
            return p.sku;
        case Name:
            return p.archived ? tr("%1 (archived)").arg(p.name) : p.name;
        case Price:
            return formatPrice(p.priceCents);
        case Available:
            return locale.toString(p.stock);
        case Sold:
            return locale.toString(p.sold);
        case Stocked:
            return locale.toString(p.stocked);
        }
        return {};
    }
    default:
        return {};
    }
}

QVariant ProductsModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::TextAlignmentRole)
        return section >= Price ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ToolTipRole && section == Available)
        return tr("Units that can be sold now");
    if (role == Qt::ToolTipRole && section == Stocked)
        return tr("Initial stock plus restocks, minus write-offs");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Swatch:
        return tr("Shade");
    case Sku:
        return tr("SKU");
    case Name:
        return tr("Name");
    case Price:
        return tr("Price");
    case Available:
        return tr("Available");
    case Sold:
        return tr("Sold");
    case Stocked:
        return tr("Stocked");
    }
    return {};
}

std::optional<Product> ProductsModel::product(const QString& sku) const {
    const auto row = rowOf(sku);
    return row < 0 ? std::nullopt : std::optional(products_.at(row));
}

int ProductsModel::rowOf(const QString& sku) const {
    for (qsizetype i = 0; i < products_.size(); ++i)
        if (products_.at(i).sku == sku)
            return int(i);
    return -1;
}

void ProductsModel::refresh() {
    if (pending_)
        return; // a slow server gets one request at a time, not a queue of them
    pending_ = true;
    client_.products(this, [this](const auto& result) { onProductsReceived(result); });
}

void ProductsModel::onProductsReceived(const ApiResult<QList<Product>>& result) {
    pending_ = false;
    if (!result.ok()) {
        emit refreshFailed(*result.error);
        return;
    }
    replaceAll(*result.value);
    loaded_ = true;
    emit refreshed();
}

void ProductsModel::applyProduct(const Product& product) {
    const auto row = rowOf(product.sku);
    if (row < 0) {
        beginInsertRows({}, int(products_.size()), int(products_.size()));
        products_.append(product);
        endInsertRows();
        return;
    }
    products_[row] = product;
    emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
}

void ProductsModel::replaceAll(const QList<Product>& fresh) {
    QHash<QString, const Product*> bySku;
    for (const auto& p : fresh)
        bySku.insert(p.sku, &p);
    // Products are never deleted by the API, but a console pointed at another server sees a
    // different catalog: drop rows that are gone, from the bottom so indexes stay valid.
    for (auto row = int(products_.size()) - 1; row >= 0; --row) {
        if (bySku.contains(products_.at(row).sku))
            continue;
        beginRemoveRows({}, row, row);
        products_.removeAt(row);
        endRemoveRows();
    }
    for (const auto& p : fresh)
        applyProduct(p);
}

} // namespace topcoat::ui

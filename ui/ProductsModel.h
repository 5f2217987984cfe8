#pragma once

// The catalog as a table for the Catalog screen: one row per product with its shade, price and
// stock counters, kept fresh by polling the admin API on the console session's beat and by the
// answers to the console's own changes. Rows are updated in place, so selection and sorting survive
// a refresh.

#include "ApiTypes.h"

#include <QAbstractTableModel>
#include <optional>

namespace topcoat::ui {

class AdminClient;
class ConsoleSession;

class ProductsModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Swatch, Sku, Name, Price, Available, Sold, Stocked, ColumnCount };
    enum Role {
        SortRole = Qt::UserRole + 1, // numbers as numbers, text case-folded
        ColorRole,                   // the shade as a QColor (every column)
        SkuRole,                     // the row's SKU (every column)
        ArchivedRole,                // whether the product is archived (every column)
    };

    // Polls when the session says products are due; the first poll runs once the event loop does.
    explicit ProductsModel(ConsoleSession& session, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override;

    const QList<Product>& products() const { return products_; }
    std::optional<Product> product(const QString& sku) const;
    int rowOf(const QString& sku) const; // -1 when absent
    bool loaded() const { return loaded_; }

    // Asks for the catalog now, unless a request is already on its way.
    void refresh();
    // Takes a product the server just returned (created, edited, restocked) without waiting.
    void applyProduct(const Product& product);

signals:
    // A poll answered and the rows now match it.
    void refreshed();
    // A poll failed; the rows keep their last known values.
    void refreshFailed(const ApiError& error);

private:
    void onProductsReceived(const ApiResult<QList<Product>>& result);
    void replaceAll(const QList<Product>& fresh);

    AdminClient& client_;
    QList<Product> products_;
    bool pending_ = false;
    bool loaded_ = false;
};

} // namespace topcoat::ui

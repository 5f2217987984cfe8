#pragma once

// The sale form's item table: one row per SKU with its regular price and the sale price typed
// in, rows added and removed with buttons, and the rows a problem concerns tinted.

#include "ApiTypes.h"

#include <QSet>
#include <QWidget>
#include <optional>

class QComboBox;
class QTableWidget;

namespace topcoat::ui {

class SaleItemsEditor : public QWidget {
    Q_OBJECT

public:
    explicit SaleItemsEditor(QWidget* parent = nullptr);

    // The catalog to choose from. Rows keep their SKU; one the catalog lacks stays listed.
    void setProducts(const QList<Product>& products);
    // Replaces every row.
    void setItems(const QList<SaleItem>& items);
    // Appends a row (the first product not listed yet when `sku` is empty); its row.
    int addItem(const QString& sku = {}, std::optional<qint64> salePriceCents = {});
    // sku and salePriceCents of every row, in order.
    QList<SaleItem> items() const;
    int rowCount() const;

    void markRows(const QSet<QString>& skus, const QString& why);
    void clearMarks();

signals:
    // A row was added, removed, or had its product or price changed.
    void itemsEdited();

private:
    void onItemChanged(int row);
    void onRemoveItemClicked();
    void fillProducts(QComboBox* box, const QString& sku) const;
    std::optional<Product> product(const QString& sku) const;

    QTableWidget* table_ = nullptr;
    QList<Product> products_;
};

} // namespace topcoat::ui

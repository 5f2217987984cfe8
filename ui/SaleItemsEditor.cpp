#include "SaleItemsEditor.h"

#include "SalesModel.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTableWidget>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

enum ItemColumn { ProductColumn, RegularColumn, PriceColumn };
const QColor problemTint(0xff, 0xe3, 0xe3);

QComboBox* skuBox(const QTableWidget* table, int row) {
    return qobject_cast<QComboBox*>(table->cellWidget(row, ProductColumn));
}

} // namespace

SaleItemsEditor::SaleItemsEditor(QWidget* parent) : QWidget(parent) {
    table_ = new QTableWidget(0, 3, this);
    table_->setObjectName(QStringLiteral("saleItems"));
    table_->setHorizontalHeaderLabels({tr("Product"), tr("Regular"), tr("Sale price")});
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(30);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->horizontalHeader()->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    table_->horizontalHeader()->setSectionResizeMode(RegularColumn, QHeaderView::ResizeToContents);
    table_->setColumnWidth(PriceColumn, 120);
    table_->setMinimumHeight(130);
    auto* add = new QPushButton(tr("Add item"), this);
    auto* remove = new QPushButton(tr("Remove item"), this);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout(this);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(table_, 1);
    row->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] { addItem(); });
    connect(remove, &QPushButton::clicked, this, &SaleItemsEditor::onRemoveItemClicked);
}

void SaleItemsEditor::setProducts(const QList<Product>& products) {
    // Archived products cannot go on sale (the server refuses them), so they are not offered.
    products_.clear();
    for (const auto& product : products)
        if (!product.archived)
            products_.append(product);
    for (int row = 0; row < table_->rowCount(); ++row) {
        auto* box = skuBox(table_, row);
        const QSignalBlocker quiet(box);
        fillProducts(box, box->currentData().toString());
        onItemChanged(row);
    }
}

void SaleItemsEditor::setItems(const QList<SaleItem>& items) {
    table_->setRowCount(0);
    for (const auto& item : items)
        addItem(item.sku, item.salePriceCents);
}

int SaleItemsEditor::addItem(const QString& sku, std::optional<qint64> salePriceCents) {
    QString chosen = sku;
    if (chosen.isEmpty()) {
        const auto listed = items();
        for (const auto& product : products_)
            if (std::none_of(listed.begin(), listed.end(),
                             [&](const SaleItem& item) { return item.sku == product.sku; })) {
                chosen = product.sku;
                break;
            }
    }
    const int row = table_->rowCount();
    table_->insertRow(row);
    auto* box = new QComboBox(table_);
    fillProducts(box, chosen);
    auto* regular = new QTableWidgetItem;
    regular->setFlags(Qt::ItemIsEnabled);
    regular->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* price = new QDoubleSpinBox(table_);
    price->setPrefix(QStringLiteral("$ "));
    price->setDecimals(2);
    price->setRange(0, 1'000'000);
    price->setAlignment(Qt::AlignRight);
    table_->setCellWidget(row, ProductColumn, box);
    table_->setItem(row, RegularColumn, regular);
    table_->setCellWidget(row, PriceColumn, price);
    onItemChanged(row);
    // A new row suggests 20 % off; a pre-filled one keeps its price.
    const auto known = product(chosen);
    price->setValue(salePriceCents ? double(*salePriceCents) / 100
                    : known        ? double(known->priceCents * 8 / 10) / 100
                                   : 0);
    // Rows move when others are removed, so look the row up when something changes.
    const auto rowOf = [this, box] {
        for (int r = 0; r < table_->rowCount(); ++r)
            if (table_->cellWidget(r, ProductColumn) == box)
                return r;
        return -1;
    };
    connect(box, &QComboBox::currentIndexChanged, this, [this, rowOf] { onItemChanged(rowOf()); });
    connect(price, &QDoubleSpinBox::valueChanged, this, &SaleItemsEditor::itemsEdited);
    return row;
}

QList<SaleItem> SaleItemsEditor::items() const {
    QList<SaleItem> items;
    for (int row = 0; row < table_->rowCount(); ++row) {
        const auto* box = skuBox(table_, row);
        const auto* price = qobject_cast<QDoubleSpinBox*>(table_->cellWidget(row, PriceColumn));
        items.append({box->currentData().toString(), qRound64(price->value() * 100), 0});
    }
    return items;
}

int SaleItemsEditor::rowCount() const {
    return table_->rowCount();
}

void SaleItemsEditor::fillProducts(QComboBox* box, const QString& sku) const {
    box->clear();
    for (const auto& product : products_)
        box->addItem(QStringLiteral("%1 · %2").arg(product.sku, product.name), product.sku);
    if (!sku.isEmpty() && box->findData(sku) < 0) // kept, and flagged by the form's check
        box->addItem(tr("%1 (not in the catalog)").arg(sku), sku);
    box->setCurrentIndex(sku.isEmpty() ? 0 : box->findData(sku));
}

std::optional<Product> SaleItemsEditor::product(const QString& sku) const {
    for (const auto& product : products_)
        if (product.sku == sku)
            return product;
    return std::nullopt;
}

void SaleItemsEditor::onItemChanged(int row) {
    if (row < 0)
        return;
    const auto* box = skuBox(table_, row);
    const auto known = product(box->currentData().toString());
    table_->item(row, RegularColumn)->setText(known ? formatCents(known->priceCents) : tr("—"));
    emit itemsEdited();
}

void SaleItemsEditor::onRemoveItemClicked() {
    const int row = table_->currentRow() >= 0 ? table_->currentRow() : table_->rowCount() - 1;
    if (row >= 0)
        table_->removeRow(row);
    emit itemsEdited();
}

void SaleItemsEditor::markRows(const QSet<QString>& skus, const QString& why) {
    for (int row = 0; row < table_->rowCount(); ++row) {
        if (!skus.contains(skuBox(table_, row)->currentData().toString()))
            continue;
        table_->item(row, RegularColumn)->setBackground(problemTint);
        table_->item(row, RegularColumn)->setToolTip(why);
    }
}

void SaleItemsEditor::clearMarks() {
    for (int row = 0; row < table_->rowCount(); ++row) {
        table_->item(row, RegularColumn)->setBackground(QBrush());
        table_->item(row, RegularColumn)->setToolTip({});
    }
}

} // namespace topcoat::ui

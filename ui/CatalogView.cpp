#include "CatalogView.h"

#include "AdminClient.h"
#include "ConsoleSession.h"
#include "Counted.h"
#include "CsvImportDialog.h"
#include "ProductDialog.h"
#include "ProductsModel.h"
#include "SwatchDelegate.h"

#include <QAction>
#include <QCheckBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

// The search box matches SKU or name only: a number typed there means a SKU, not a price.
// Archived products are left out unless asked for: day to day the owner works with what sells.
class CatalogFilter : public QSortFilterProxyModel {
public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setShowArchived(bool show) {
        if (show == showArchived_)
            return;
        showArchived_ = show;
        invalidateFilter();
    }

protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override {
        const auto* source = sourceModel();
        if (!showArchived_ &&
            source->index(row, 0, parent).data(ProductsModel::ArchivedRole).toBool())
            return false;
        const auto needle = filterRegularExpression().pattern();
        if (needle.isEmpty())
            return true;
        for (const int column : {ProductsModel::Sku, ProductsModel::Name})
            if (source->index(row, column, parent)
                    .data()
                    .toString()
                    .contains(needle, Qt::CaseInsensitive))
                return true;
        return false;
    }

private:
    bool showArchived_ = false;
};

QAction* makeAction(const QString& text, const QString& name, const QString& tip, QWidget* parent) {
    auto* action = new QAction(text, parent);
    action->setObjectName(name);
    action->setToolTip(tip);
    return action;
}

} // namespace

CatalogView::CatalogView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), client_(session.client()), confirm_(&RestockDialog::askWithMessageBox) {
    model_ = new ProductsModel(session, this);
    proxy_ = new CatalogFilter(this);
    // Rows change their archived flag in place; the filter must look again when they do.
    proxy_->setDynamicSortFilter(true);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(ProductsModel::SortRole);

    table_ = new QTableView(this);
    table_->setModel(proxy_);
    table_->setItemDelegateForColumn(ProductsModel::Swatch,
                                     new SwatchDelegate(ProductsModel::ColorRole, table_));
    table_->setSortingEnabled(true);
    table_->sortByColumn(ProductsModel::Sku, Qt::AscendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setAlternatingRowColors(true);
    table_->setShowGrid(false);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(26);
    auto* columns = table_->horizontalHeader();
    columns->setHighlightSections(false);
    columns->setSectionResizeMode(QHeaderView::Fixed);
    columns->setSectionResizeMode(ProductsModel::Name, QHeaderView::Stretch);
    table_->setColumnWidth(ProductsModel::Swatch, 64);
    table_->setColumnWidth(ProductsModel::Sku, 110);
    for (const int column : {ProductsModel::Price, ProductsModel::Available, ProductsModel::Sold,
                             ProductsModel::Stocked})
        table_->setColumnWidth(column, 96);

    auto* bar = new QWidget(this);
    buildToolbar(*bar);
    status_ = new QLabel(this);
    status_->setStyleSheet(QStringLiteral("color: palette(dark);"));

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(bar);
    layout->addWidget(table_, 1);
    layout->addWidget(status_);

    connect(model_, &ProductsModel::refreshed, this, [this] {
        connectionProblem_.clear();
        updateStatus();
    });
    connect(model_, &ProductsModel::refreshFailed, this, &CatalogView::onRefreshFailed);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &CatalogView::onSelectionChanged);
    connect(table_, &QTableView::doubleClicked, this, &CatalogView::onEditTriggered);
    onSelectionChanged();
    updateStatus();
}

void CatalogView::buildToolbar(QWidget& bar) {
    add_ = makeAction(tr("Add…"), QStringLiteral("addAction"), tr("Add a product"), this);
    edit_ = makeAction(tr("Edit…"), QStringLiteral("editAction"),
                       tr("Change the selected product's name, shade or price"), this);
    restock_ = makeAction(tr("Restock…"), QStringLiteral("restockAction"),
                          tr("Add units of the selected product"), this);
    writeOff_ = makeAction(tr("Write off…"), QStringLiteral("writeOffAction"),
                           tr("Remove damaged or lost units of the selected product"), this);
    archive_ = makeAction(tr("Archive…"), QStringLiteral("archiveAction"),
                          tr("Take the selected product out of the storefront, or put an "
                             "archived one back"),
                          this);
    import_ = makeAction(tr("Import CSV…"), QStringLiteral("importAction"),
                         tr("Add products from a CSV file"), this);
    add_->setShortcut(QKeySequence::New);

    auto* row = new QHBoxLayout(&bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->setSpacing(4);
    for (auto* action : {add_, edit_, archive_, restock_, writeOff_, import_}) {
        addAction(action);
        auto* button = new QToolButton(&bar);
        button->setDefaultAction(action);
        button->setToolButtonStyle(Qt::ToolButtonTextOnly);
        button->setAutoRaise(false);
        row->addWidget(button);
        if (action == edit_ || action == writeOff_)
            row->addSpacing(12); // groups: the product, its stock, the whole catalog
    }
    row->addStretch(1);
    showArchived_ = new QCheckBox(tr("Show archived"), &bar);
    showArchived_->setObjectName(QStringLiteral("showArchived"));
    row->addWidget(showArchived_);
    search_ = new QLineEdit(&bar);
    search_->setObjectName(QStringLiteral("search"));
    search_->setPlaceholderText(tr("Search SKU or name"));
    search_->setClearButtonEnabled(true);
    search_->setMinimumWidth(240);
    row->addWidget(search_);

    connect(add_, &QAction::triggered, this, &CatalogView::onAddTriggered);
    connect(edit_, &QAction::triggered, this, &CatalogView::onEditTriggered);
    connect(restock_, &QAction::triggered, this, &CatalogView::onRestockTriggered);
    connect(writeOff_, &QAction::triggered, this, &CatalogView::onWriteOffTriggered);
    connect(archive_, &QAction::triggered, this, &CatalogView::onArchiveTriggered);
    connect(showArchived_, &QCheckBox::toggled, this, [this](bool show) {
        static_cast<CatalogFilter*>(proxy_)->setShowArchived(show);
        updateStatus();
    });
    connect(import_, &QAction::triggered, this, &CatalogView::importFromChosenFile);
    connect(search_, &QLineEdit::textChanged, this, &CatalogView::onSearchEdited);
}

bool CatalogView::selectSku(const QString& sku) {
    const auto row = model_->rowOf(sku);
    if (row < 0)
        return false;
    const auto index = proxy_->mapFromSource(model_->index(row, ProductsModel::Sku));
    if (!index.isValid())
        return false;
    table_->selectionModel()->select(index, QItemSelectionModel::ClearAndSelect |
                                                QItemSelectionModel::Rows);
    table_->setCurrentIndex(index);
    table_->scrollTo(index);
    return true;
}

QString CatalogView::selectedSku() const {
    const auto rows = table_->selectionModel()->selectedRows();
    return rows.isEmpty() ? QString() : rows.front().data(ProductsModel::SkuRole).toString();
}

QString CatalogView::statusText() const {
    return status_->text();
}

void CatalogView::onAddTriggered() {
    auto* dialog = new ProductDialog(client_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProductDialog::productSaved, this, &CatalogView::onProductSaved);
    dialog->open();
}

void CatalogView::onEditTriggered() {
    const auto product = model_->product(selectedSku());
    if (!product)
        return;
    auto* dialog = new ProductDialog(client_, *product, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &ProductDialog::productSaved, this, &CatalogView::onProductSaved);
    dialog->open();
}

void CatalogView::onArchiveTriggered() {
    const auto product = model_->product(selectedSku());
    if (!product)
        return;
    const bool archive = !product->archived;
    const auto question =
        archive ? tr("Archive %1 (%2)? Customers will no longer see or buy it; its orders and "
                     "stock are kept, and you can unarchive it later.")
                      .arg(product->name, product->sku)
                : tr("Unarchive %1 (%2)? It goes back on the storefront with its %3 units.")
                      .arg(product->name, product->sku, QLocale().toString(product->stock));
    if (!confirm_(this, question))
        return;
    ProductChange change;
    change.archived = archive;
    archive_->setEnabled(false);
    refusal_.clear();
    client_.updateProduct(
        product->sku, change, this,
        [this, sku = product->sku, archive](const ApiResult<Product>& result) {
            if (result.ok()) {
                onProductSaved(*result.value);
                return;
            }
            refusal_ = archive ? tr("Could not archive %1: %2").arg(sku, result.error->message)
                               : tr("Could not unarchive %1: %2").arg(sku, result.error->message);
            onSelectionChanged();
            updateStatus();
        });
}

void CatalogView::onRestockTriggered() {
    openStockDialog(RestockDialog::Mode::Restock);
}

void CatalogView::onWriteOffTriggered() {
    openStockDialog(RestockDialog::Mode::WriteOff);
}

void CatalogView::openStockDialog(RestockDialog::Mode mode) {
    const auto product = model_->product(selectedSku());
    if (!product)
        return;
    auto* dialog = new RestockDialog(client_, *product, mode, confirm_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &RestockDialog::stockChanged, this, &CatalogView::onProductSaved);
    dialog->open();
}

CsvImportDialog* CatalogView::openImportDialog() {
    auto* dialog = new CsvImportDialog(client_, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &CsvImportDialog::productImported, this, &CatalogView::onProductSaved);
    dialog->open();
    return dialog;
}

void CatalogView::importFromChosenFile() {
    openImportDialog()->chooseFile();
}

void CatalogView::onSearchEdited(const QString& text) {
    // A fixed string, not a pattern: SKUs hold '-' and names may hold anything.
    proxy_->setFilterRegularExpression(QRegularExpression::escape(text.trimmed()));
    updateStatus();
}

void CatalogView::onSelectionChanged() {
    const auto product = model_->product(selectedSku());
    const bool selected = product.has_value();
    edit_->setEnabled(selected);
    restock_->setEnabled(selected);
    writeOff_->setEnabled(selected);
    archive_->setEnabled(selected);
    archive_->setText(selected && product->archived ? tr("Unarchive…") : tr("Archive…"));
}

void CatalogView::onProductSaved(const Product& product) {
    // Show the server's answer at once instead of waiting for the next poll.
    model_->applyProduct(product);
    selectSku(product.sku);
    onSelectionChanged(); // Archive or Unarchive, as the product now is
    updateStatus();
    emit productChanged(product);
}

void CatalogView::onRefreshFailed(const ApiError& error) {
    connectionProblem_ = error.message;
    updateStatus();
}

void CatalogView::updateStatus() {
    QString text;
    if (!model_->loaded()) {
        text = connectionProblem_.isEmpty() ? tr("Loading the catalog…") : QString();
    } else {
        const auto& products = model_->products();
        const auto soldOut = std::count_if(products.begin(), products.end(),
                                           [](const Product& p) { return p.stock == 0; });
        const auto archived = std::count_if(products.begin(), products.end(),
                                            [](const Product& p) { return p.archived; });
        text = products.isEmpty()
                   ? tr("No products yet. Add the first one with Add…, or import a "
                        "catalog from a CSV file (File > Import catalog).")
                   : tr("%1, %2 sold out")
                         .arg(counted(products.size(), tr("product"), tr("products")))
                         .arg(QLocale().toString(qint64(soldOut)));
        if (archived > 0)
            text += showArchived_->isChecked()
                        ? tr(" · %1 archived").arg(QLocale().toString(qint64(archived)))
                        : tr(" · %1 archived, not shown").arg(QLocale().toString(qint64(archived)));
        if (!search_->text().trimmed().isEmpty())
            text += tr(" · %1 match the search").arg(proxy_->rowCount());
    }
    if (!connectionProblem_.isEmpty())
        text += (text.isEmpty() ? QString() : tr(" · ")) +
                tr("Cannot refresh: %1").arg(connectionProblem_);
    if (!refusal_.isEmpty())
        text += (text.isEmpty() ? QString() : tr(" · ")) + refusal_;
    status_->setText(text);
}

} // namespace topcoat::ui

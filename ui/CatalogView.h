#pragma once

// The console's Catalog screen: every product with its shade, price and stock, searchable and
// sortable, with adding, editing, archiving, restocking, writing off and CSV import (archived
// products hidden unless asked for), all through the one
// admin client and without blocking the UI thread.

#include "RestockDialog.h"

#include <QWidget>

class QAction;
class QCheckBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;

namespace topcoat::ui {

class AdminClient;
class ConsoleSession;
class CsvImportDialog;
class ProductsModel;

class CatalogView : public QWidget {
    Q_OBJECT

public:
    explicit CatalogView(ConsoleSession& session, QWidget* parent = nullptr);

    // How stock changes are confirmed (default: a message box); tests answer without one.
    void setConfirm(RestockDialog::Confirm confirm) { confirm_ = std::move(confirm); }

    ProductsModel& model() const { return *model_; }
    QTableView* table() const { return table_; }
    // Selects the row of `sku` (false when it is not listed, e.g. filtered out by the search).
    bool selectSku(const QString& sku);
    QString selectedSku() const;
    QString statusText() const;
    // Opens the import dialog without asking for a file (the Import action then asks).
    CsvImportDialog* openImportDialog();
    // Asks for a CSV file, then previews it in the import dialog (Import, File > Import).
    void importFromChosenFile();

signals:
    // A product was added, edited, restocked or written off from this screen.
    void productChanged(const Product& product);

private:
    void buildToolbar(QWidget& bar);
    void onAddTriggered();
    void onEditTriggered();
    void onRestockTriggered();
    void onWriteOffTriggered();
    void onArchiveTriggered();
    void onSearchEdited(const QString& text);
    void onSelectionChanged();
    void onProductSaved(const Product& product);
    void onRefreshFailed(const ApiError& error);
    void openStockDialog(RestockDialog::Mode mode);
    void updateStatus();

    AdminClient& client_;
    RestockDialog::Confirm confirm_;
    ProductsModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QLineEdit* search_ = nullptr;
    QLabel* status_ = nullptr;
    QString connectionProblem_;
    QString refusal_; // the server's answer to the last refused archive or unarchive
    QAction* add_ = nullptr;
    QAction* edit_ = nullptr;
    QAction* restock_ = nullptr;
    QAction* writeOff_ = nullptr;
    QAction* archive_ = nullptr;
    QAction* import_ = nullptr;
    QCheckBox* showArchived_ = nullptr;
};

} // namespace topcoat::ui

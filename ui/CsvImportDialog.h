#pragma once

// Imports a catalog from a CSV file (format in CatalogCsv.h): previews every row with what will
// happen to it (a new product; a product in the shop that changes, old → new; unchanged; or
// invalid and why), then creates the new products and updates the changed ones one request at a
// time, showing progress and each row's outcome. A row's stock is the number of units that
// should be available: the difference is restocked or written off (CatalogUpdate.h).

#include "CatalogCsv.h"
#include "CatalogUpdate.h"

#include <QDialog>
#include <QHash>

class QLabel;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTableWidget;

namespace topcoat::ui {

class AdminClient;

class CsvImportDialog : public QDialog {
    Q_OBJECT

public:
    enum class RowState {
        Checking,
        New,       // not in the shop: will be added
        Changed,   // in the shop, and the file differs: will be updated
        Unchanged, // in the shop as the file has it
        Invalid,
        Importing, // being added
        Updating,
        Imported, // added
        Updated,
        Refused
    };
    enum Column { Line, Swatch, Sku, Name, Price, Stock, Status, ColumnCount };

    explicit CsvImportDialog(AdminClient& client, QWidget* parent = nullptr);

    // Reads and previews `path` (what "Choose file…" does after its file dialog); false when
    // the file cannot be read or is not a catalog, with the reason shown.
    bool loadFile(const QString& path);
    // Asks for a file with a file dialog, then loads it.
    void chooseFile();
    // Creates every row marked New and updates every row marked Changed, one after the other.
    void startImport();

    int rowCount() const { return int(rows_.size()); }
    RowState rowState(int row) const { return states_.at(row); }
    QString statusText(int row) const;
    QString summaryText() const;
    // Every invalid or refused row with its whole reason, one line each ("" when none).
    QString problemsText() const;
    bool importing() const { return importing_; }

signals:
    // Every row has its New / Changed / Unchanged / Invalid verdict.
    void previewReady();
    // The server created or updated a product from the file; `product` is its answer.
    void productImported(const Product& product);
    // The last queued row was answered.
    void importFinished(int added, int updated, int refused);

private:
    void onExistingReceived(const ApiResult<QList<Product>>& result);
    void onCreateAnswered(int row, const ApiResult<Product>& result);
    void importNext();
    void updateRow(int row);
    // The fields of a changed row are saved (or there were none): now its stock.
    void updateStock(int row, bool fieldsSaved);
    void finishRow(int row, RowState state, const QString& detail = {});
    void fillTable();
    void setState(int row, RowState state, const QString& detail = {});
    void updateSummary();
    void updateProblems();

    AdminClient& client_;
    QList<CsvRow> rows_;
    QList<RowState> states_;
    QList<QString> refusals_;          // per row: the shop's reason when it refused the row
    QList<CatalogUpdate> updates_;     // per row: what changes, for rows in the shop
    QHash<QString, Product> existing_; // the shop's products when the file was compared
    QList<int> queue_;                 // rows still to send, in file order
    int generation_ = 0;               // counts loadFile() calls
    bool importing_ = false;
    int imported_ = 0;
    int updated_ = 0;
    int refused_ = 0;
    QLabel* path_ = nullptr;
    QLabel* summary_ = nullptr;
    QTableWidget* table_ = nullptr;
    QPlainTextEdit* problems_ = nullptr; // wraps: a reason is never cut off at a column's edge
    QProgressBar* progress_ = nullptr;
    QPushButton* choose_ = nullptr;
    QPushButton* import_ = nullptr;
    QPushButton* close_ = nullptr;
};

} // namespace topcoat::ui

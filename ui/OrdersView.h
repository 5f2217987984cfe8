#pragma once

// The Orders screen: every order in a sortable table, narrowed by sale, SKU, customer and time,
// with the totals of what is shown and a CSV export of exactly those rows.

#include "OrdersFilter.h"
#include "OrdersModel.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace topcoat::ui {

class AdminClient;
class ConsoleSession;

class OrdersView : public QWidget {
    Q_OBJECT

public:
    // pageSize: orders per call while loading (tests use a small one to exercise paging).
    explicit OrdersView(ConsoleSession& session, QWidget* parent = nullptr,
                        int pageSize = OrdersModel::defaultPageSize);

    OrdersModel& model() { return model_; }
    const OrdersFilter& filter() const { return filter_; }

    // Writes the rows the filters accept, in the table's order, as RFC 4180 CSV with the header
    // order_id,created_at,sku,product,quantity,unit_price,total,currency,customer,sale_id,sale:
    // times RFC 3339 UTC, prices decimal amounts ("12.50") in `currency`, product and sale by
    // name as well as by key. False when the file could not be written; the old file is then
    // intact.
    bool exportCsv(const QString& path, const QString& currency = QStringLiteral("USD"));
    // Asks where to save the export (the Export button and File > Export orders), then saves.
    void exportToChosenFile();
    // Exports to `path`, in the shop's currency as last read, and says how it went in a box that
    // does not block (object name "exportOutcome"): how many orders went to which file, also kept
    // on the status line, or a warning that the file could not be written.
    bool saveExport(const QString& path);
    // Whether new orders are fetched as they happen (the window turns it off while another
    // screen is in front).
    void setFollowing(bool following) { model_.setPaused(!following); }
    // The totals line as shown, e.g. "1,234 orders · 1,500 units · $12,345.67".
    QString totalsText() const;
    // The shop's currency as last read from the server (USD until it answers).
    QString currency() const { return currency_; }

private:
    void applyFilters();
    void refreshSales();
    void refreshProducts();
    void refreshCurrency();
    void updateTotals();
    void updateStatus();
    // Offers every sale an order refers to, even before the sales list names it.
    void addSaleChoice(qint64 id, const QString& name);

    AdminClient& client_;
    OrdersModel model_;
    OrdersFilter filter_;
    QComboBox* sale_;
    QLineEdit* sku_;
    QLineEdit* customer_;
    QCheckBox* fromEnabled_;
    QDateTimeEdit* from_;
    QCheckBox* toEnabled_;
    QDateTimeEdit* to_;
    QTableView* table_;
    QLabel* totals_;
    QLabel* status_;
    QPushButton* export_;
    QString lastError_;
    QString exported_; // what the last export did, shown in the status line
    QString currency_ = QStringLiteral("USD");
    bool salesPending_ = false;
    bool productsPending_ = false;
    bool totalsQueued_ = false;
};

} // namespace topcoat::ui

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

    // Writes the rows the filters accept, in the table's order, as RFC 4180 CSV (header
    // order_id,created_at,sku,quantity,unit_price_cents,total_cents,customer,sale_id; times
    // RFC 3339 UTC). False when the file could not be written; the old file is then intact.
    bool exportCsv(const QString& path);
    // Asks where to save the export (the Export button and File > Export orders).
    void exportToChosenFile();
    // Whether new orders are fetched as they happen (the window turns it off while another
    // screen is in front).
    void setFollowing(bool following) { model_.setPaused(!following); }
    // The totals line as shown, e.g. "1,234 orders · 1,500 units · $12,345.67".
    QString totalsText() const;

private:
    void applyFilters();
    void refreshSales();
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
    bool salesPending_ = false;
    bool totalsQueued_ = false;
};

} // namespace topcoat::ui

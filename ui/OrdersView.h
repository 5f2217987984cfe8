#pragma once

// The Orders screen: every order in a sortable table, narrowed by sale, SKU, customer, status
// and time, with the totals of what is shown and a CSV export of exactly those rows; under it
// the selected order's history, where it is to be sent, and the moves staff can make on it.

#include "OrdersFilter.h"
#include "OrdersModel.h"

#include <QWidget>
#include <optional>

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
class OrderActionsBar;
class OrderAddressPanel;
class OrderHistoryPanel;

class OrdersView : public QWidget {
    Q_OBJECT

public:
    // pageSize: orders per call while loading (tests use a small one to exercise paging).
    explicit OrdersView(ConsoleSession& session, QWidget* parent = nullptr,
                        int pageSize = OrdersModel::defaultPageSize);

    // Orders whose status may have moved elsewhere (another console, another node) are read
    // again every this many orders beats, for the rows in sight only: cheap, and what staff
    // look at is never more than about 15 s behind.
    static constexpr int statusRefreshBeats = 5;
    // The most rows read again per refresh (a tall window shows fewer).
    static constexpr int statusRefreshRows = 60;

    OrdersModel& model() { return model_; }
    const OrdersFilter& filter() const { return filter_; }
    OrderActionsBar& actions() { return *actions_; }
    OrderHistoryPanel& history() { return *history_; }
    OrderAddressPanel& address() { return *address_; }
    QTableView& table() { return *table_; }
    // Who the order moves are made by; "staff" until the console says. A name typed in a
    // dialog's "By" replaces it and is told with staffNameChanged().
    void setStaffName(const QString& name);
    // Selects the order's row (if shown), as a click on it would.
    bool selectOrder(const QString& orderId);
    // Reads again the statuses of the rows in sight (the slow beat does it by itself).
    void refreshVisibleStatuses();

    // Writes the rows the filters accept, in the table's order, as RFC 4180 CSV with the header
    // order_id,created_at,sku,product,quantity,unit_price,total,currency,customer,sale_id,sale,
    // ship_name,ship_line1,ship_line2,ship_city,ship_postal_code,ship_country:
    // times RFC 3339 UTC, prices decimal amounts ("12.50") in `currency`, product and sale by
    // name as well as by key, the address's fields as the checkout gave them (all six empty for
    // an order without one; new columns go last so older spreadsheets keep their columns). What a
    // customer typed is prefixed with ' when it starts with = + - @, so it never runs as a formula.
    // False when the file could not be written; the old file is then intact.
    bool exportCsv(const QString& path, const QString& currency = QStringLiteral("USD"));
    // Asks where to save the export (the Export button and File > Export orders), then saves.
    void exportToChosenFile();
    // Exports to `path`, in the shop's currency as last read, and says how it went in a box that
    // does not block (object name "exportOutcome"): how many orders went to which file, also kept
    // on the status line, or a warning that the file could not be written.
    bool saveExport(const QString& path);
    // Whether new orders are fetched as they happen (the window turns it off while another
    // screen is in front).
    void setFollowing(bool following) {
        following_ = following;
        model_.setPaused(!following);
    }
    // The totals line as shown, e.g. "1,234 orders · 1,500 units · $12,345.67".
    QString totalsText() const;
    // The shop's currency as last read from the server (USD until it answers).
    QString currency() const { return currency_; }

signals:
    void staffNameChanged(const QString& name);

private:
    void applyFilters();
    void onOrdersDue();
    void onSelectionChanged();
    void onOrderKnown(const OrderDetail& detail);
    std::optional<Order> selectedOrder() const;
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
    QComboBox* statusFilter_;
    QCheckBox* fromEnabled_;
    QDateTimeEdit* from_;
    QCheckBox* toEnabled_;
    QDateTimeEdit* to_;
    QTableView* table_;
    QLabel* totals_;
    QLabel* status_;
    QPushButton* export_;
    OrderHistoryPanel* history_;
    OrderAddressPanel* address_;
    OrderActionsBar* actions_;
    int ordersBeats_ = 0;
    bool following_ = true;
    QString lastError_;
    QString exported_; // what the last export did, shown in the status line
    QString currency_ = QStringLiteral("USD");
    bool salesPending_ = false;
    bool productsPending_ = false;
    bool totalsQueued_ = false;
};

} // namespace topcoat::ui

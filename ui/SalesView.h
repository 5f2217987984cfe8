#pragma once

// The console's Sales screen: every sale as a table and as a timeline, kept live by polling,
// with the actions an owner needs: create, edit (while scheduled), duplicate and cancel.

#include "ApiTypes.h"

#include <QWidget>
#include <optional>

class QAction;
class QComboBox;
class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace topcoat::ui {

class AdminClient;
class ConsoleSession;
class SaleDialog;
class SaleTimeline;
class SalesModel;

class SalesView : public QWidget {
    Q_OBJECT

public:
    explicit SalesView(ConsoleSession& session, QWidget* parent = nullptr);

    SalesModel& model() { return *model_; }
    const SaleTimeline& timeline() const { return *timeline_; }
    QTableView& table() { return *table_; }
    QAction& newSaleAction() { return *newSale_; }
    QAction& editAction() { return *edit_; }
    QAction& duplicateAction() { return *duplicate_; }
    QAction& cancelSaleAction() { return *cancelSale_; }
    // The status line at the top right ("3 sales · updated 14:02:11", or what went wrong).
    QString statusText() const;

    std::optional<qint64> selectedSaleId() const;
    // Selects the sale's row (clearing any filter that hides it); false when it is not listed.
    bool selectSale(qint64 id);

signals:
    // A sale was created through this screen's dialog.
    void saleCreated(const Sale& sale);
    // An edit made through this screen's dialog was saved by the server.
    void saleUpdated(const Sale& sale);
    // A cancel confirmed here was accepted by the server.
    void saleCancelled(const Sale& sale);

private:
    void buildToolbar();
    void onNewSaleTriggered();
    void onEditTriggered();
    void onDuplicateTriggered();
    void onCancelSaleTriggered();
    void onCancelConfirmed(const Sale& sale);
    void onSelectionChanged();
    void onSalesUpdated();
    void onRefreshFailed(const ApiError& error);
    void onFilterChosen(int index);
    SaleDialog* openDialog(const QString& title);
    void showStatus(const QString& text, bool problem);

    AdminClient& client_;
    SalesModel* model_ = nullptr;
    QSortFilterProxyModel* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    SaleTimeline* timeline_ = nullptr;
    QAction* newSale_ = nullptr;
    QAction* edit_ = nullptr;
    QAction* duplicate_ = nullptr;
    QAction* cancelSale_ = nullptr;
    QComboBox* filter_ = nullptr;
    QLabel* status_ = nullptr;
    QWidget* toolbar_ = nullptr;
};

} // namespace topcoat::ui

#pragma once

// The storefront's sales as a table, kept current by polling the admin API on the console
// session's beat so that a sale
// going live, ending or being cancelled elsewhere shows up without anyone asking.

#include "ApiTypes.h"

#include <QAbstractTableModel>
#include <QColor>
#include <QSet>
#include <optional>

namespace topcoat::ui {

class AdminClient;
class ConsoleSession;

// The one colour per sale state, shared by the table and the timeline.
QColor saleStateColor(const QString& state);
// "Scheduled", "Live", … for display.
QString saleStateLabel(const QString& state);
// 1234 -> "$12.34".
QString formatCents(qint64 cents);

// The first of `sales` still to run that sells one of the draft's SKUs at a time the draft
// covers too (the server refuses such a draft); `shared` receives those SKUs.
std::optional<Sale> overlappingSale(const QList<Sale>& sales, const SaleDraft& draft,
                                    QSet<QString>& shared);

class SalesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Name, State, Starts, Ends, Limit, Items, Sold, ColumnCount };
    // Raw values (times, counts) for sorting; IdRole gives the sale id on any column.
    static constexpr int SortRole = Qt::UserRole + 1;
    static constexpr int IdRole = Qt::UserRole + 2;

    // Polls when the session says sales are due; the first poll runs once the event loop does.
    explicit SalesModel(ConsoleSession& session, QObject* parent = nullptr);

    // Asks for the list now, e.g. after a create or cancel; coalesced with a call in flight.
    void refresh();

    const QList<Sale>& sales() const { return sales_; }
    std::optional<Sale> sale(qint64 id) const;
    bool loaded() const { return loaded_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

signals:
    // A reply was merged into the rows (whether or not anything changed).
    void salesUpdated();
    // A poll failed; the rows keep their last known values.
    void refreshFailed(const ApiError& error);

private:
    void onPollTick();
    void onSalesReceived(const ApiResult<QList<Sale>>& result);
    void merge(const QList<Sale>& fresh);

    AdminClient& client_;
    QList<Sale> sales_; // in order of arrival; the proxy sorts
    bool pending_ = false;
    bool again_ = false; // a refresh was asked for while a call was in flight
    bool loaded_ = false;
};

} // namespace topcoat::ui

#pragma once

// The outbox's delivery log as a table, newest event first: the newest page is read again on
// every refresh, older pages are added on request ("Older…") through the API's `next` cursor.

#include "OutboxTypes.h"

#include <QAbstractTableModel>

namespace topcoat::ui {

class DeliveriesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        EventId,
        Type,
        OrderId,
        Target,
        State,
        Attempts,
        NextAttempt,
        LastError,
        SentAt,
        ColumnCount
    };

    explicit DeliveriesModel(QObject* parent = nullptr);

    // The newest page, read again: it replaces the rows it covers, and older rows already
    // loaded stay below it when they follow on from it (they are as they were when read). A
    // page that is the whole log, or that does not reach the rows held, replaces them all.
    void showNewest(const OutboxPage& page);
    // The page asked for with `next()`, added below.
    void appendOlder(const OutboxPage& page);
    // Forgets every row (the filter changed).
    void clear();

    const Delivery& delivery(int row) const { return deliveries_.at(row); }
    const QList<Delivery>& deliveries() const { return deliveries_; }
    // The `before` of the next older page; nothing when the oldest is loaded.
    const std::optional<QString>& next() const { return next_; }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QList<Delivery> deliveries_;
    std::optional<QString> next_;
};

} // namespace topcoat::ui

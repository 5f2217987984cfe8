#pragma once

// The dashboard's stock check as a table: one row per product with its counters and whether
// sold + reserved + available == stocked has held; rows whose check broke are red.

#include "StatsTimeline.h"

#include <QAbstractTableModel>

namespace topcoat::ui {

class InvariantModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column { Sku, Stocked, Sold, Reserved, Available, SellThrough, Check, ColumnCount };
    // Numbers to sort by, where the display text would sort "10" before "9".
    static constexpr int SortRole = Qt::UserRole;

    explicit InvariantModel(const StatsTimeline& timeline, QObject* parent = nullptr);

    // The timeline changed: update the rows in place (or reset when products came or went).
    void refresh();

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    // The cell's text, or with SortRole its key; the counters are both.
    QVariant value(const ProductHealth& product, int column, int role) const;

    const StatsTimeline& timeline_;
    QStringList skus_; // the rows as last announced to views
};

} // namespace topcoat::ui

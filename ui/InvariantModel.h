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
    // Whether the counters are the server's current ones. While they are not (the server does
    // not answer, or refuses the token) a product's check reads "unknown", never a stale
    // "balanced"; a break already seen stays flagged.
    void setKnown(bool known);
    bool known() const { return known_; }

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
    bool known_ = true;
};

} // namespace topcoat::ui

#pragma once

// The shop's storefronts as a table (GET /admin/cluster): the shop's totals first, then one row
// per node with its last second's figures, whether it is up, and which one the console is
// attached to. A node that is down says so in words as well as in red.

#include "ApiTypes.h"

#include <QAbstractTableModel>

namespace topcoat::ui {

class NodesModel : public QAbstractTableModel {
    Q_OBJECT

public:
    enum Column {
        Node,
        State,
        Requests,
        Confirmed,
        P99,
        InFlight,
        Orders,
        Version,
        Started,
        ColumnCount
    };
    // The totals stay on top: the shop's figures are what an owner reads first, so the rows
    // are not sortable (the server lists the nodes by name).
    static constexpr int TotalsRow = 0;

    explicit NodesModel(QObject* parent = nullptr);

    void setCluster(const ClusterInfo& cluster);
    const ClusterInfo& cluster() const { return cluster_; }
    int nodeCount() const { return int(cluster_.nodes.size()); }
    // The row of the node the console is attached to; -1 when it is not listed.
    int attachedRow() const;
    // The node shown in `row` (not the totals row).
    const ClusterNode& node(int row) const { return cluster_.nodes.at(row - 1); }

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    QString totalsText(int column) const;
    QString nodeText(const ClusterNode& node, int column) const;
    QString toolTip(int row, int column) const;

    ClusterInfo cluster_;
};

} // namespace topcoat::ui

#include "NodesModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QLocale>
#include <algorithm>

namespace topcoat::ui {
namespace {

const QColor upColor(0x2b, 0x8a, 0x3e);
const QColor downColor(0xc9, 0x2a, 0x2a);
// A figure a node that is down did not report this second.
const QString noFigure = QStringLiteral("—");

QString milliseconds(double ms) {
    return QLocale().toString(ms, 'f', 1);
}

QString clockTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

} // namespace

NodesModel::NodesModel(QObject* parent) : QAbstractTableModel(parent) {}

void NodesModel::setCluster(const ClusterInfo& cluster) {
    if (cluster.nodes.size() == cluster_.nodes.size()) {
        cluster_ = cluster;
        // Same rows: the view keeps its selection and scroll position.
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    cluster_ = cluster;
    endResetModel();
}

int NodesModel::attachedRow() const {
    for (int i = 0; i < cluster_.nodes.size(); ++i)
        if (cluster_.nodes[i].node == cluster_.thisNode)
            return i + 1;
    return -1;
}

int NodesModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() || cluster_.nodes.isEmpty() ? 0 : int(cluster_.nodes.size()) + 1;
}

int NodesModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : ColumnCount;
}

QString NodesModel::totalsText(int column) const {
    const auto& totals = cluster_.totals;
    const QLocale locale;
    switch (column) {
    case Node:
        return tr("Shop total");
    case State:
        return tr("%1 of %2 up").arg(totals.nodesUp).arg(cluster_.nodes.size());
    case Requests:
        return locale.toString(totals.storefrontRequests);
    case Confirmed:
        return locale.toString(totals.confirmed);
    case P99: {
        // The server adds no latency up; the slowest node up is the shop's worst second.
        double slowest = -1;
        for (const auto& node : cluster_.nodes)
            if (node.up)
                slowest = std::max(slowest, node.p99Ms);
        return slowest < 0 ? noFigure : milliseconds(slowest);
    }
    case InFlight:
        return locale.toString(totals.inFlight);
    case Orders:
        return locale.toString(totals.ordersCommitted);
    case Version: {
        // Nodes on different versions (an upgrade half done) are worth a look.
        QStringList versions;
        for (const auto& node : cluster_.nodes)
            if (!versions.contains(node.version))
                versions.append(node.version);
        return versions.size() == 1 ? versions.first() : tr("mixed");
    }
    default:
        return {};
    }
}

QString NodesModel::nodeText(const ClusterNode& node, int column) const {
    const QLocale locale;
    const bool attached = node.node == cluster_.thisNode;
    switch (column) {
    case Node:
        return attached ? tr("%1 (this node)").arg(node.node) : node.node;
    case State:
        return node.up ? tr("Up") : tr("Down since %1").arg(clockTime(node.reportedAt));
    case Requests:
        return node.up ? locale.toString(node.storefrontRequests) : noFigure;
    case Confirmed:
        return node.up ? locale.toString(node.checkouts.value(QStringLiteral("confirmed")))
                       : noFigure;
    case P99:
        return node.up ? milliseconds(node.p99Ms) : noFigure;
    case InFlight:
        return node.up ? locale.toString(node.inFlight) : noFigure;
    case Orders:
        return locale.toString(node.ordersCommitted);
    case Version:
        return node.version;
    case Started:
        // Short: the year and seconds would widen the table past a small window.
        return locale.toString(node.startedAt.toLocalTime(), QStringLiteral("d MMM HH:mm"));
    default:
        return {};
    }
}

QString NodesModel::toolTip(int row, int column) const {
    if (row == TotalsRow) {
        if (column == P99)
            return tr("The slowest node's p99 in its last second");
        return tr("The nodes that are up, added up");
    }
    const auto& shown = node(row);
    if (!shown.up)
        return tr("No report from %1 since %2: stopped, hung or cut off from Redis. Its orders "
                  "are those of its last report.")
            .arg(shown.node, clockTime(shown.reportedAt));
    return tr("Admin API %1 · stock %2 · orders %3")
        .arg(shown.admin, shown.inventory, shown.orders);
}

QVariant NodesModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const int row = index.row();
    const int column = index.column();
    const bool totals = row == TotalsRow;
    switch (role) {
    case Qt::DisplayRole:
        return totals ? totalsText(column) : nodeText(node(row), column);
    case Qt::ToolTipRole:
        return toolTip(row, column);
    case Qt::ForegroundRole:
        if (totals && column == State)
            return QBrush(cluster_.totals.nodesUp == nodeCount() ? upColor : downColor);
        if (!totals && column == State)
            return QBrush(node(row).up ? upColor : downColor);
        return {};
    case Qt::FontRole: {
        const bool down = !totals && !node(row).up && column == State;
        if (!totals && !down && row != attachedRow())
            return {};
        QFont font;
        font.setBold(true);
        return font;
    }
    case Qt::TextAlignmentRole:
        if (column >= Requests && column <= Orders)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    default:
        return {};
    }
}

QVariant NodesModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal)
        return {};
    if (role == Qt::ToolTipRole && section == Orders)
        return tr("Orders committed since the node started");
    if (role == Qt::ToolTipRole && section >= Requests && section <= InFlight)
        return tr("In the node's last second");
    if (role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Node:
        return tr("Node");
    case State:
        return tr("State");
    case Requests:
        return tr("Requests/s");
    case Confirmed:
        return tr("Confirmed/s");
    case P99:
        return tr("p99 ms");
    case InFlight:
        return tr("In flight");
    case Orders:
        return tr("Orders");
    case Version:
        return tr("Version");
    case Started:
        return tr("Started");
    default:
        return {};
    }
}

} // namespace topcoat::ui

#include "NodesPanel.h"

#include "NodesModel.h"

#include <QHeaderView>
#include <QTableView>
#include <QVBoxLayout>
#include <algorithm>

namespace topcoat::ui {
namespace {

constexpr int rowHeight = 20;
// At most this many rows (the totals and five nodes) in sight, and on a small screen as few as
// this: the table scrolls rather than push the charts below it off the window.
constexpr int rowsShown = 6;
constexpr int rowsAtLeast = 3;

} // namespace

NodesPanel::NodesPanel(QWidget* parent)
    : QWidget(parent), model_(new NodesModel(this)), table_(new QTableView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    table_->setModel(model_);
    table_->setAccessibleName(tr("Nodes"));
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(rowHeight);
    auto* columns = table_->horizontalHeader();
    // Figures keep their full width; a long node name takes what is left.
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(NodesModel::Node, QHeaderView::Stretch);
    layout->addWidget(table_);
    connect(model_, &QAbstractItemModel::modelReset, this, &NodesPanel::fitRows);
    fitRows();
}

void NodesPanel::showCluster(const ClusterInfo& cluster) {
    model_->setCluster(cluster);
    setLive(true);
}

void NodesPanel::setLive(bool live) {
    // Greyed (the disabled palette) rather than emptied: the last answer stays readable.
    table_->setEnabled(live);
}

bool NodesPanel::live() const {
    return table_->isEnabled();
}

void NodesPanel::fitRows() {
    const int rows = std::clamp(model_->rowCount(), 1, rowsShown);
    const int chrome = table_->horizontalHeader()->sizeHint().height() + 2 * table_->frameWidth();
    table_->setMinimumHeight(chrome + std::min(rows, rowsAtLeast) * rowHeight);
    table_->setMaximumHeight(chrome + rows * rowHeight);
}

} // namespace topcoat::ui

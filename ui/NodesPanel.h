#pragma once

// The "Nodes" panel: the shop's storefronts in a table (NodesModel), as tall as its rows where
// the window has room, so a few nodes read at a glance without scrolling. Hosts feed it the
// session's cluster answers; while none comes it keeps the last one, greyed out.

#include "ApiTypes.h"

#include <QWidget>

class QTableView;

namespace topcoat::ui {

class NodesModel;

class NodesPanel : public QWidget {
    Q_OBJECT

public:
    explicit NodesPanel(QWidget* parent = nullptr);

    void showCluster(const ClusterInfo& cluster);
    // Whether the rows are the server's current answer (false: greyed out).
    void setLive(bool live);
    bool live() const;

    const NodesModel& model() const { return *model_; }
    const QTableView& table() const { return *table_; }

private:
    void fitRows();

    NodesModel* model_;
    QTableView* table_;
};

} // namespace topcoat::ui

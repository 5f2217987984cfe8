#pragma once

// The console's live dashboard: traffic, checkout outcomes, latency and in-flight requests over
// the last 15 minutes, stock per product with its invariant check, and the sale countdown, as the
// console session reads them. While the server does not answer, every live figure is greyed out
// with the time of the last good reading, and the stock check says "unknown". A shop of several
// storefronts also gets its nodes under the header (hidden for one: a single box looks as before).

#include "ConsoleSession.h"
#include "SaleCountdown.h"
#include "StatsTimeline.h"
#include "TimelineWindow.h"

#include <QWidget>
#include <array>
#include <optional>

class QComboBox;
class QLabel;
class QPushButton;
class QScrollBar;
class QTableView;
class QVBoxLayout;

namespace topcoat::ui {

class InvariantModel;
class NodesPanel;
class StockChart;
class TimeSeriesChart;

class DashboardView : public QWidget {
    Q_OBJECT

public:
    enum class Chart { Requests, Checkouts, Latency, InFlight };

    explicit DashboardView(ConsoleSession& session, QWidget* parent = nullptr);

    // Read-only views for tests and for the rest of the console.
    const StatsTimeline& timeline() const { return timeline_; }
    const TimelineWindow& window() const { return window_; }
    const TimeSeriesChart& chart(Chart which) const;
    const StockChart& stockChart() const { return *stockChart_; }
    const InvariantModel& invariants() const { return *invariants_; }
    const NodesPanel& nodesPanel() const { return *nodes_; }
    // Whether the figures shown are live (false: greyed out, the server is not answering).
    bool showsLiveFigures() const;
    // The header's sale line, e.g. "Next: Holo Hour · starts in 00:02:41".
    QString headerText() const;

signals:
    // A stats reply was merged and everything redrawn.
    void statsUpdated();
    // A status reply (the sale schedule) arrived.
    void statusUpdated();

private:
    void buildHeader(QVBoxLayout& page);
    void buildCharts(QVBoxLayout& page);
    void buildTimeControls(QVBoxLayout& page);
    void buildStockPanel(QVBoxLayout& page);
    void onStatsUpdated();
    void onStatusUpdated();
    void onClusterUpdated();
    void onReachabilityChanged();
    void onScrolled(int position);
    void onSpanChosen(int index);
    void onNowClicked();
    void onAcknowledgeClicked();
    void updateCountdown();
    void replotCharts();
    void updateStockPanel();
    void showConnection();

    ConsoleSession& session_;
    const StatsTimeline& timeline_; // the session's
    TimelineWindow window_;
    // The last status that answered, kept to count down by while the server is away.
    std::optional<ServerStatus> status_;

    QLabel* saleBadge_ = nullptr;
    QLabel* saleName_ = nullptr;
    QLabel* countdown_ = nullptr;
    QLabel* connection_ = nullptr;
    NodesPanel* nodes_ = nullptr;
    std::array<TimeSeriesChart*, 4> charts_{};
    QScrollBar* scroll_ = nullptr;
    QLabel* windowLabel_ = nullptr;
    QComboBox* span_ = nullptr;
    QPushButton* now_ = nullptr;
    StockChart* stockChart_ = nullptr;
    InvariantModel* invariants_ = nullptr;
    QTableView* invariantTable_ = nullptr;
    QLabel* invariantSummary_ = nullptr;
    QPushButton* acknowledge_ = nullptr;
};

} // namespace topcoat::ui

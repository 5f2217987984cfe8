#pragma once

// The console's live dashboard: traffic, checkout outcomes, latency and in-flight requests over
// the last 15 minutes, stock per product with its invariant check, and the sale countdown,
// polled from the admin API each second without ever blocking the UI thread.

#include "SaleCountdown.h"
#include "StatsTimeline.h"
#include "TimelineWindow.h"

#include <QTimer>
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

class AdminClient;
class InvariantModel;
class StockChart;
class TimeSeriesChart;

class DashboardView : public QWidget {
    Q_OBJECT

public:
    enum class Chart { Requests, Checkouts, Latency, InFlight };

    explicit DashboardView(AdminClient& client, QWidget* parent = nullptr);

    // Read-only views for tests and for the rest of the console.
    const StatsTimeline& timeline() const { return timeline_; }
    const TimelineWindow& window() const { return window_; }
    const TimeSeriesChart& chart(Chart which) const;
    const StockChart& stockChart() const { return *stockChart_; }
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
    void onStatsTick();
    void onStatusTick();
    void onStatsReceived(const ApiResult<Stats>& result);
    void onStatusReceived(const ApiResult<ServerStatus>& result);
    void onScrolled(int position);
    void onSpanChosen(int index);
    void onNowClicked();
    void onAcknowledgeClicked();
    void updateCountdown();
    void replotCharts();
    void updateStockPanel();
    void showConnection(const std::optional<ApiError>& error);

    AdminClient& client_;
    StatsTimeline timeline_;
    TimelineWindow window_;
    std::optional<ServerStatus> status_;
    bool statsPending_ = false;
    bool statusPending_ = false;
    QTimer statsTimer_;
    QTimer statusTimer_;

    QLabel* saleBadge_ = nullptr;
    QLabel* saleName_ = nullptr;
    QLabel* countdown_ = nullptr;
    QLabel* connection_ = nullptr;
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

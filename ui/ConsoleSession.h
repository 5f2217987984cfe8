#pragma once

// The console's one link to a storefront: it holds the admin client, keeps the one polling
// schedule every screen follows, and the state the screens read (the latest status, the stats
// history and its protection counters, the shop's nodes, and whether the server answers). Screens
// observe it through its signals instead of each polling on a timer of its own.

#include "AdminClient.h"
#include "ProtectionHistory.h"
#include "SessionClock.h"
#include "StatsTimeline.h"

#include <QObject>
#include <chrono>
#include <optional>

namespace topcoat::ui {

class ConsoleSession : public QObject {
    Q_OBJECT

public:
    enum class Reachability {
        Connecting,   // nothing answered yet
        Reachable,    // the last reading succeeded
        Unreachable,  // the last reading got no answer (or an error other than the token's)
        TokenRefused, // the last reading was answered 401
    };
    Q_ENUM(Reachability)
    // What the session asks for on its own beat, and what it tells the screens to fetch.
    enum class Feed { Stats, Status, Cluster, Logs, Sales, Degradation, Products, Orders };

    // While the window is in sight the figures move each second. Hidden or minimised, nobody
    // watches them: a beat every five seconds still brings every sample (each poll asks for all
    // samples since the last, and the server keeps 15 minutes), keeps the stock check and the
    // quit guard's sale state current, and wakes the console a fifth as often.
    static constexpr std::chrono::milliseconds visibleBeat{1000};
    static constexpr std::chrono::milliseconds hiddenBeat{5000};
    // How much protection history the Protection screen charts.
    static constexpr std::chrono::minutes protectionKept{5};

    // The first beat runs once the event loop does, so whoever built the session can point the
    // client at a server first; then beats follow `clock`.
    ConsoleSession(AdminClient& client, SessionClock& clock, QObject* parent = nullptr);

    AdminClient& client() { return client_; }
    QDateTime now() const { return clock_.now(); }

    // The main window came into sight (true) or was hidden or minimised (false).
    void setWindowVisible(bool visible);
    bool windowVisible() const { return visible_; }
    std::chrono::milliseconds beatInterval() const { return visible_ ? visibleBeat : hiddenBeat; }
    // How many beats apart a feed is asked for (stats every beat, orders every third...).
    static int beatsPerPoll(Feed feed);

    // The latest /admin/status, if the last one answered; and the error of the last one.
    const std::optional<ServerStatus>& status() const { return status_; }
    const std::optional<ApiError>& statusError() const { return statusError_; }
    // Forgets the status and the nodes (the console now manages another storefront).
    void forgetStatus() {
        status_.reset();
        cluster_.reset();
    }
    // The latest /admin/cluster, if the last one answered; and the error of the last one (a
    // server older than the route answers 404).
    const std::optional<ClusterInfo>& cluster() const { return cluster_; }
    const std::optional<ApiError>& clusterError() const { return clusterError_; }
    const StatsTimeline& timeline() const { return timeline_; }
    const ProtectionHistory& protection() const { return protection_; }
    // The owner has seen the stock breaks: clear their flags.
    void acknowledgeStockBreaks();

    Reachability reachability() const { return reachability_; }
    // Why the last stats reading failed; nothing once one succeeds.
    const std::optional<ApiError>& statsError() const { return statsError_; }
    // Whether the figures held are the server's current ones.
    bool live() const { return reachability_ == Reachability::Reachable; }
    // When the last stats reading arrived (by the session's clock); nothing before the first.
    const std::optional<QDateTime>& lastGoodReading() const { return lastGoodReading_; }

public slots:
    // One beat: asks for what is due now and tells the screens what they should fetch.
    void tick();

signals:
    // Every beat, after the polls it started (screens count down with it).
    void beat();
    // A stats reply was merged into the timeline and the protection history.
    void statsUpdated();
    // A status reply arrived, answered or not (see status() and statusError()).
    void statusUpdated();
    // A cluster reply arrived, answered or not (see cluster() and clusterError()).
    void clusterUpdated();
    void reachabilityChanged(ConsoleSession::Reachability reachability);
    // The screens that fetch their own data do so now (one call at a time each).
    void logsDue();
    void salesDue();
    void degradationDue();
    void productsDue();
    void ordersDue();

private:
    bool due(Feed feed) const;
    void pollStats();
    void pollStatus();
    void pollCluster();
    void onStatsReceived(const ApiResult<Stats>& result);
    void onStatusReceived(const ApiResult<ServerStatus>& result);
    void onClusterReceived(const ApiResult<ClusterInfo>& result);
    void noteAnswer(const std::optional<ApiError>& error);
    void scheduleBeats();

    AdminClient& client_;
    SessionClock& clock_;
    bool visible_ = true;
    qint64 beats_ = 0;
    bool statsPending_ = false;
    bool statusPending_ = false;
    bool clusterPending_ = false;
    bool refetchAll_ = false;
    StatsTimeline timeline_;
    ProtectionHistory protection_;
    std::optional<ServerStatus> status_;
    std::optional<ApiError> statusError_;
    std::optional<ClusterInfo> cluster_;
    std::optional<ApiError> clusterError_;
    Reachability reachability_ = Reachability::Connecting;
    std::optional<ApiError> statsError_;
    std::optional<QDateTime> lastGoodReading_;
};

} // namespace topcoat::ui

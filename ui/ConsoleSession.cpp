#include "ConsoleSession.h"

#include <QTimer>

namespace topcoat::ui {
namespace {

// A reply this far behind what we hold means another server or a clock set back.
constexpr qint64 clockBackToleranceSecs = 5;
// Protection readings further apart than this (the console was suspended, the server away) are
// not joined into one rate. Longer than a hidden beat, so hiding the window keeps the history.
constexpr auto protectionGap = 3 * ConsoleSession::hiddenBeat;

} // namespace

ConsoleSession::ConsoleSession(AdminClient& client, SessionClock& clock, QObject* parent)
    : QObject(parent), client_(client), clock_(clock), protection_(protectionKept) {
    scheduleBeats();
    QTimer::singleShot(0, this, &ConsoleSession::tick);
}

int ConsoleSession::beatsPerPoll(Feed feed) {
    switch (feed) {
    case Feed::Stats:
    case Feed::Logs:
        return 1; // the charts and the log follow each second
    case Feed::Status:
    case Feed::Cluster: // a node going down shows within two seconds, as a sale going live
    case Feed::Sales:
    case Feed::Degradation:
        return 2; // a sale going live or a switch flipping shows within two seconds
    case Feed::Products:
    case Feed::Orders:
        return 3; // lists that are costly to fetch and read, not watched second by second
    }
    return 1;
}

void ConsoleSession::setWindowVisible(bool visible) {
    if (visible == visible_)
        return;
    visible_ = visible;
    scheduleBeats();
    if (visible)
        tick(); // what the owner sees first is current, not up to a slow beat old
}

void ConsoleSession::scheduleBeats() {
    clock_.schedule(beatInterval(), [this] { tick(); });
}

bool ConsoleSession::due(Feed feed) const {
    return beats_ % beatsPerPoll(feed) == 0;
}

void ConsoleSession::tick() {
    if (due(Feed::Stats))
        pollStats();
    if (due(Feed::Status))
        pollStatus();
    if (due(Feed::Cluster))
        pollCluster();
    if (due(Feed::Logs))
        emit logsDue();
    if (due(Feed::Sales))
        emit salesDue();
    if (due(Feed::Degradation))
        emit degradationDue();
    if (due(Feed::Products))
        emit productsDue();
    if (due(Feed::Orders))
        emit ordersDue();
    ++beats_;
    emit beat();
}

void ConsoleSession::pollStats() {
    // A slow server gets no second request on top of the first; the next beat tries again.
    if (statsPending_)
        return;
    statsPending_ = true;
    // Only samples newer than the newest held: each poll brings one a second, not 900.
    client_.stats(timeline_.sinceMs(), this,
                  [this](const ApiResult<Stats>& result) { onStatsReceived(result); });
}

void ConsoleSession::pollStatus() {
    if (statusPending_)
        return;
    statusPending_ = true;
    client_.status(this,
                   [this](const ApiResult<ServerStatus>& result) { onStatusReceived(result); });
}

void ConsoleSession::pollCluster() {
    if (clusterPending_)
        return;
    clusterPending_ = true;
    client_.cluster(this,
                    [this](const ApiResult<ClusterInfo>& result) { onClusterReceived(result); });
}

void ConsoleSession::onStatsReceived(const ApiResult<Stats>& result) {
    statsPending_ = false;
    if (!result.ok()) {
        noteAnswer(result.error);
        return;
    }
    const auto& stats = *result.value;
    const auto newest = timeline_.newest();
    if (newest && stats.time.isValid() && stats.time.addSecs(clockBackToleranceSecs) < *newest) {
        // Samples after our newest would never come: start over from the whole history.
        timeline_.clear();
        protection_.clear();
        pollStats();
        return;
    }
    const auto now = clock_.now();
    timeline_.merge(stats);
    if (const auto last = protection_.newest();
        last && last->msecsTo(now) > std::chrono::milliseconds(protectionGap).count())
        protection_.clear();
    protection_.add(now, stats.protection);
    lastGoodReading_ = now;
    noteAnswer(std::nullopt);
    emit statsUpdated();
}

void ConsoleSession::onStatusReceived(const ApiResult<ServerStatus>& result) {
    statusPending_ = false;
    status_ = result.value; // nothing when the storefront does not answer
    statusError_ = result.error;
    emit statusUpdated();
}

void ConsoleSession::onClusterReceived(const ApiResult<ClusterInfo>& result) {
    clusterPending_ = false;
    cluster_ = result.value;
    clusterError_ = result.error;
    emit clusterUpdated();
}

void ConsoleSession::noteAnswer(const std::optional<ApiError>& error) {
    // Judged by the stats poll alone: it runs every beat, and it is what the figures come from.
    statsError_ = error;
    const auto next = !error                 ? Reachability::Reachable
                      : error->status == 401 ? Reachability::TokenRefused
                                             : Reachability::Unreachable;
    if (next == reachability_)
        return;
    reachability_ = next;
    emit reachabilityChanged(next);
}

void ConsoleSession::acknowledgeStockBreaks() {
    timeline_.acknowledgeAll();
}

} // namespace topcoat::ui

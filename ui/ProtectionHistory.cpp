#include "ProtectionHistory.h"

namespace topcoat::ui {
namespace {

using namespace std::chrono_literals;

// Long enough that one slow poll does not make the readout jump, short enough to follow a spike.
constexpr auto readoutWindow = 5s;

qint64 rateLimited(const ProtectionCounts& c) {
    return c.rateLimited;
}
qint64 shed(const ProtectionCounts& c) {
    return c.shed;
}

bool wentBack(const ProtectionCounts& newer, const ProtectionCounts& older) {
    return newer.rateLimited < older.rateLimited || newer.shed < older.shed ||
           newer.waitingRoom.joined < older.waitingRoom.joined ||
           newer.waitingRoom.admitted < older.waitingRoom.admitted ||
           newer.waitingRoom.abandoned < older.waitingRoom.abandoned;
}

} // namespace

ProtectionHistory::ProtectionHistory(std::chrono::seconds kept) : kept_(kept) {}

void ProtectionHistory::add(const QDateTime& at, const ProtectionCounts& counts) {
    if (!points_.isEmpty() && at <= points_.last().at)
        return;
    if (!points_.isEmpty() && wentBack(counts, points_.last().counts))
        points_.clear();
    Point point{at, counts};
    if (!points_.isEmpty()) {
        const auto& previous = points_.last();
        const double seconds = double(previous.at.msecsTo(at)) / 1000.0;
        point.rateLimitedPerSecond =
            double(counts.rateLimited - previous.counts.rateLimited) / seconds;
        point.shedPerSecond = double(counts.shed - previous.counts.shed) / seconds;
    }
    points_.append(point);
    const auto oldest = at.addSecs(-kept_.count());
    while (points_.size() > 1 && points_.first().at < oldest)
        points_.removeFirst();
}

std::optional<QDateTime> ProtectionHistory::newest() const {
    if (points_.isEmpty())
        return std::nullopt;
    return points_.last().at;
}

ProtectionCounts ProtectionHistory::latest() const {
    return points_.isEmpty() ? ProtectionCounts{} : points_.last().counts;
}

std::optional<double> ProtectionHistory::rateLimitedPerSecond() const {
    return perSecond(readoutWindow, rateLimited);
}

std::optional<double> ProtectionHistory::shedPerSecond() const {
    return perSecond(readoutWindow, shed);
}

std::optional<qint64> ProtectionHistory::admittedLastMinute() const {
    const auto* start = windowStart(1min);
    if (!start)
        return std::nullopt;
    return points_.last().counts.waitingRoom.admitted - start->counts.waitingRoom.admitted;
}

const ProtectionHistory::Point* ProtectionHistory::windowStart(std::chrono::seconds window) const {
    if (points_.size() < 2)
        return nullptr;
    const auto from = points_.last().at.addSecs(-window.count());
    const Point* start = &points_.first();
    for (const auto& point : points_) {
        if (point.at > from)
            break;
        start = &point;
    }
    return start;
}

std::optional<double>
ProtectionHistory::perSecond(std::chrono::seconds window,
                             qint64 (*counter)(const ProtectionCounts&)) const {
    const auto* start = windowStart(window);
    if (!start)
        return std::nullopt;
    const auto& newest = points_.last();
    const double seconds = double(start->at.msecsTo(newest.at)) / 1000.0;
    return double(counter(newest.counts) - counter(start->counts)) / seconds;
}

} // namespace topcoat::ui

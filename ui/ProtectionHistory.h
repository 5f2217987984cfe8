#pragma once

// The protection counters as the console read them over the last few minutes, turned into what
// the owner watches: the waiting-room queue, people let in over the last minute, and requests
// refused per second. The server sends totals since it started; rates come from how they changed
// between readings. Time comes in as arguments, so tests need no clock.

#include "ApiTypes.h"

#include <QDateTime>
#include <QList>
#include <chrono>
#include <optional>

namespace topcoat::ui {

class ProtectionHistory {
public:
    // One reading, with the rates since the reading before it (0 for the first).
    struct Point {
        QDateTime at;
        ProtectionCounts counts;
        double rateLimitedPerSecond = 0;
        double shedPerSecond = 0;
    };

    explicit ProtectionHistory(std::chrono::seconds kept = std::chrono::minutes(5));

    // Counters read at `at`. Readings not after the newest are ignored; counters lower than the
    // newest's (the server restarted) start the history over.
    void add(const QDateTime& at, const ProtectionCounts& counts);
    void clear() { points_.clear(); }

    const QList<Point>& points() const { return points_; }
    std::optional<QDateTime> newest() const;
    // The newest counters; zeros when there are none.
    ProtectionCounts latest() const;

    // Averages over the last few seconds (the readout), or over as much as is held when that is
    // less; nothing until there are two readings.
    std::optional<double> rateLimitedPerSecond() const;
    std::optional<double> shedPerSecond() const;
    // People let in from the waiting room over the last minute (or as much of it as is held);
    // nothing until there are two readings.
    std::optional<qint64> admittedLastMinute() const;

private:
    // The reading `window` before the newest (the latest at or before then, else the oldest).
    const Point* windowStart(std::chrono::seconds window) const;
    // The rate of `counter` per second from windowStart(window) to the newest reading.
    std::optional<double> perSecond(std::chrono::seconds window,
                                    qint64 (*counter)(const ProtectionCounts&)) const;

    std::chrono::seconds kept_;
    QList<Point> points_;
};

} // namespace topcoat::ui

#pragma once

// Which stretch of a StatsTimeline the dashboard's charts show: the latest `span`, following new
// samples, until the owner scrolls back; then the stretch stays put while samples arrive.
// Positions are whole seconds from the oldest sample, as a scroll bar wants them.

#include "StatsTimeline.h"

#include <QDateTime>
#include <chrono>
#include <optional>

namespace topcoat::ui {

class TimelineWindow {
public:
    struct Range {
        QDateTime from;
        QDateTime to;
    };

    explicit TimelineWindow(std::chrono::seconds span = std::chrono::minutes(2));

    std::chrono::seconds span() const { return span_; }
    // Keeps the right edge where it is when scrolled back.
    void setSpan(std::chrono::seconds span);

    bool following() const { return !end_.has_value(); }
    void follow() { end_.reset(); }

    // 0 shows the oldest stretch, maximum() the latest.
    int maximum(const StatsTimeline& timeline) const;
    int position(const StatsTimeline& timeline) const;
    // Scrolling to the maximum follows "now" again.
    void scrollTo(int position, const StatsTimeline& timeline);

    // What to plot; nothing while the timeline is empty.
    std::optional<Range> range(const StatsTimeline& timeline) const;

private:
    std::chrono::seconds span_;
    std::optional<QDateTime> end_; // the fixed right edge while scrolled back
};

} // namespace topcoat::ui

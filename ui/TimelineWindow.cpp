#include "TimelineWindow.h"

#include <algorithm>

namespace topcoat::ui {

TimelineWindow::TimelineWindow(std::chrono::seconds span)
    : span_(std::max(span, std::chrono::seconds(1))) {}

void TimelineWindow::setSpan(std::chrono::seconds span) {
    span_ = std::max(span, std::chrono::seconds(1));
}

int TimelineWindow::maximum(const StatsTimeline& timeline) const {
    const auto oldest = timeline.oldest();
    const auto newest = timeline.newest();
    if (!oldest || !newest)
        return 0;
    const auto covered = oldest->secsTo(*newest);
    return static_cast<int>(std::max<qint64>(0, covered - span_.count()));
}

int TimelineWindow::position(const StatsTimeline& timeline) const {
    const auto last = maximum(timeline);
    const auto oldest = timeline.oldest();
    if (following() || !oldest)
        return last;
    const auto start = oldest->secsTo(end_->addSecs(-span_.count()));
    // The fixed stretch may have aged out of the 15 minutes: show the oldest one left.
    return static_cast<int>(std::clamp<qint64>(start, 0, last));
}

void TimelineWindow::scrollTo(int position, const StatsTimeline& timeline) {
    const auto oldest = timeline.oldest();
    if (!oldest || position >= maximum(timeline)) {
        follow();
        return;
    }
    end_ = oldest->addSecs(std::max(0, position) + span_.count());
}

std::optional<TimelineWindow::Range> TimelineWindow::range(const StatsTimeline& timeline) const {
    const auto oldest = timeline.oldest();
    const auto newest = timeline.newest();
    if (!oldest || !newest)
        return std::nullopt;
    if (following() || maximum(timeline) == 0)
        return Range{newest->addSecs(-span_.count()), *newest};
    const auto from = oldest->addSecs(position(timeline));
    return Range{from, from.addSecs(span_.count())};
}

} // namespace topcoat::ui

#pragma once

// A session clock that moves only when a test says so: advance() moves the time on and runs the
// session's beats that fall due meanwhile, so tests drive the polling without sleeping.

#include "ui/SessionClock.h"

#include <algorithm>

namespace topcoat::test {

class ManualClock : public ui::SessionClock {
public:
    explicit ManualClock(QDateTime start = QDateTime::currentDateTimeUtc()) : now_(start) {}

    QDateTime now() const override { return now_; }
    void schedule(std::chrono::milliseconds interval, std::function<void()> beat) override {
        interval_ = interval;
        beat_ = std::move(beat);
        sinceBeat_ = std::chrono::milliseconds(0);
    }

    // The interval of the beats now scheduled (0 before any).
    std::chrono::milliseconds interval() const { return interval_; }

    // Moves time on by `by`, beating once for each whole interval that passes.
    void advance(std::chrono::milliseconds by) {
        using std::chrono::milliseconds;
        while (by > milliseconds(0)) {
            const auto step =
                interval_ > milliseconds(0) ? std::min(by, interval_ - sinceBeat_) : by;
            now_ = now_.addMSecs(step.count());
            by -= step;
            if (interval_ <= milliseconds(0))
                continue;
            sinceBeat_ += step;
            if (sinceBeat_ >= interval_) {
                sinceBeat_ = milliseconds(0);
                if (beat_)
                    beat_();
            }
        }
    }

private:
    QDateTime now_;
    std::chrono::milliseconds interval_{0};
    std::chrono::milliseconds sinceBeat_{0};
    std::function<void()> beat_;
};

} // namespace topcoat::test

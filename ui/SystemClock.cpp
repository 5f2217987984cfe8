#include "SystemClock.h"

namespace topcoat::ui {

SystemClock::SystemClock() {
    QObject::connect(&timer_, &QTimer::timeout, [this] {
        if (beat_)
            beat_();
    });
}

QDateTime SystemClock::now() const {
    return QDateTime::currentDateTimeUtc();
}

void SystemClock::schedule(std::chrono::milliseconds interval, std::function<void()> beat) {
    beat_ = std::move(beat);
    timer_.start(interval);
}

} // namespace topcoat::ui

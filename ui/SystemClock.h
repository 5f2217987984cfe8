#pragma once

// The session's clock in the program: the wall clock, and beats from a QTimer on the UI thread.

#include "SessionClock.h"

#include <QTimer>

namespace topcoat::ui {

class SystemClock : public SessionClock {
public:
    SystemClock();

    QDateTime now() const override;
    void schedule(std::chrono::milliseconds interval, std::function<void()> beat) override;

private:
    QTimer timer_;
    std::function<void()> beat_;
};

} // namespace topcoat::ui

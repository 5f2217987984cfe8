#pragma once

// Where the console's session takes the time and its polling beat from: the system clock and a
// QTimer in the program, a clock driven by hand in tests, so they move time on without sleeping.

#include <QDateTime>
#include <chrono>
#include <functional>

namespace topcoat::ui {

class SessionClock {
public:
    virtual ~SessionClock() = default;

    virtual QDateTime now() const = 0;
    // From now on calls `beat` every `interval`, replacing the schedule set before.
    virtual void schedule(std::chrono::milliseconds interval, std::function<void()> beat) = 0;
};

} // namespace topcoat::ui

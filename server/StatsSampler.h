#pragma once

// Feeds the stats history once a second from a thread of its own, so the console's charts
// have data whether or not anybody is watching, and hands each sample to whoever reacts to
// load (the automatic degradation).

#include "server/core/Clock.h"
#include "server/core/Metrics.h"
#include "server/core/StatsHistory.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

namespace topcoat {

class StatsSampler {
public:
    using SampleTaken = std::function<void(const StatsSample&)>;

    StatsSampler(StatsHistory& history, const Metrics& metrics, const Clock& clock,
                 SampleTaken sampleTaken = {},
                 std::chrono::milliseconds period = std::chrono::seconds(1));
    ~StatsSampler(); // stops and joins

private:
    void run();

    StatsHistory& history_;
    const Metrics& metrics_;
    const Clock& clock_;
    SampleTaken sampleTaken_;
    std::chrono::milliseconds period_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;
    std::thread thread_;
};

} // namespace topcoat

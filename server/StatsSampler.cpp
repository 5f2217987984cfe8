#include "StatsSampler.h"

namespace topcoat {

StatsSampler::StatsSampler(StatsHistory& history, const Metrics& metrics, const Clock& clock,
                           SampleTaken sampleTaken, std::chrono::milliseconds period)
    : history_(history), metrics_(metrics), clock_(clock), sampleTaken_(std::move(sampleTaken)),
      period_(period), thread_([this] { run(); }) {}

StatsSampler::~StatsSampler() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

void StatsSampler::run() {
    // Ticks on a steady schedule (not "sleep a period after each sample"), so samples stay one
    // period apart however long recording takes.
    auto next = std::chrono::steady_clock::now();
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        if (const auto sample = history_.record(clock_.now(), metrics_); sample && sampleTaken_)
            sampleTaken_(*sample);
        next += period_;
        wake_.wait_until(lock, next, [this] { return stopping_; });
    }
}

} // namespace topcoat

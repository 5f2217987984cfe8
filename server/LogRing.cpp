#include "LogRing.h"

#include <algorithm>
#include <chrono>

namespace topcoat {

void LogRing::sink_it_(const spdlog::details::log_msg& message) {
    LogEntry entry;
    entry.id = nextId_++;
    entry.unixMillis =
        std::chrono::duration_cast<std::chrono::milliseconds>(message.time.time_since_epoch())
            .count();
    const auto level = spdlog::level::to_string_view(message.level);
    entry.level.assign(level.data(), level.size());
    entry.logger.assign(message.logger_name.data(), message.logger_name.size());
    entry.message.assign(message.payload.data(), message.payload.size());
    entries_.push_back(std::move(entry));
    if (entries_.size() > capacity_)
        entries_.pop_front();
}

std::vector<LogEntry> LogRing::after(std::uint64_t after, std::size_t limit) const {
    std::lock_guard lock(const_cast<std::mutex&>(mutex_));
    const auto first =
        std::upper_bound(entries_.begin(), entries_.end(), after,
                         [](std::uint64_t id, const LogEntry& entry) { return id < entry.id; });
    std::vector<LogEntry> result;
    for (auto it = first; it != entries_.end() && result.size() < limit; ++it)
        result.push_back(*it);
    return result;
}

} // namespace topcoat

#pragma once

// A spdlog sink that keeps the latest log lines in memory with increasing ids, so the console
// can fetch "everything after id N" over the admin API.

#include <cstdint>
#include <deque>
#include <mutex>
#include <spdlog/sinks/base_sink.h>
#include <string>
#include <vector>

namespace topcoat {

struct LogEntry {
    std::uint64_t id = 0;
    std::int64_t unixMillis = 0;
    std::string level;
    std::string logger;
    std::string message;
};

class LogRing final : public spdlog::sinks::base_sink<std::mutex> {
public:
    explicit LogRing(std::size_t capacity = 5000) : capacity_(capacity) {}

    // Entries with id > after, oldest first, at most `limit`.
    std::vector<LogEntry> after(std::uint64_t after, std::size_t limit) const;

protected:
    void sink_it_(const spdlog::details::log_msg& message) override;
    void flush_() override {}

private:
    std::size_t capacity_;
    std::uint64_t nextId_ = 1;
    std::deque<LogEntry> entries_;
};

} // namespace topcoat

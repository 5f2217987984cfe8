#include "Logging.h"

#include <filesystem>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <vector>

namespace topcoat {
namespace {

constexpr const char* loggerNames[] = {"http", "checkout", "db", "admin", "app"};

} // namespace

Logging::Logging(const std::string& logDirectory, bool toStderr)
    : ring_(std::make_shared<LogRing>()) {
    std::filesystem::create_directories(logDirectory);
    std::vector<spdlog::sink_ptr> sinks{
        std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            (std::filesystem::path(logDirectory) / "topcoat.log").string(), 10 * 1024 * 1024, 5),
        ring_};
    if (toStderr)
        sinks.push_back(std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
    for (const auto* name : loggerNames) {
        spdlog::drop(name);
        auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
        logger->set_level(spdlog::level::info);
        logger->flush_on(spdlog::level::warn);
        spdlog::register_logger(logger);
    }
    spdlog::flush_every(std::chrono::seconds(2));
}

Logging::~Logging() {
    for (const auto* name : loggerNames) {
        if (auto logger = spdlog::get(name))
            logger->flush();
    }
}

} // namespace topcoat

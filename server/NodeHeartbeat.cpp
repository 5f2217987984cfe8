#include "NodeHeartbeat.h"

#include "server/core/ShopRepository.h"

#include <spdlog/spdlog.h>

namespace topcoat {

NodeHeartbeat::NodeHeartbeat(http::NodeDirectory& directory, std::function<std::string()> node,
                             std::function<std::string()> report)
    : directory_(directory), node_(std::move(node)), report_(std::move(report)),
      thread_([this] { beat(); }) {}

NodeHeartbeat::~NodeHeartbeat() {
    stop();
}

void NodeHeartbeat::stop() {
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            return;
        stopping_ = true;
    }
    wake_.notify_all();
    thread_.join();
    try {
        directory_.withdraw(node_());
    } catch (const StorageError&) {
        // Listed until its report is old enough to be forgotten.
    }
}

void NodeHeartbeat::beat() {
    bool failing = false;
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        lock.unlock();
        try {
            directory_.publish(node_(), report_());
            if (failing)
                spdlog::get("app")->info("cluster: this storefront's report is published again");
            failing = false;
        } catch (const StorageError& error) {
            if (!failing) // once per outage, not once a second
                spdlog::get("app")->warn("cluster: this storefront's report: {}", error.what());
            failing = true;
        }
        lock.lock();
        wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; });
    }
}

} // namespace topcoat

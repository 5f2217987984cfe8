#pragma once

// Publishes this storefront's report to the shop's NodeDirectory once a second, from a thread
// of its own (a slow directory delays nothing else), and withdraws it when stopped.

#include "server/http/NodeDirectory.h"

#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace topcoat {

class NodeHeartbeat {
public:
    NodeHeartbeat(http::NodeDirectory& directory, std::function<std::string()> node,
                  std::function<std::string()> report);
    ~NodeHeartbeat(); // stop()

    void stop();

private:
    void beat();

    http::NodeDirectory& directory_;
    std::function<std::string()> node_;
    std::function<std::string()> report_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool stopping_ = false; // guarded by mutex_
    std::thread thread_;
};

} // namespace topcoat

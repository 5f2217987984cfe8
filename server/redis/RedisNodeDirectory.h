#pragma once

// The storefronts' reports in the shop's Redis: one hash, topcoat:nodes, node -> report.

#include "RedisConnections.h"
#include "server/http/NodeDirectory.h"

namespace topcoat::redis {

class RedisNodeDirectory final : public http::NodeDirectory {
public:
    explicit RedisNodeDirectory(RedisConnections& redis) : redis_(redis) {}

    void publish(const std::string& node, const std::string& report) override;
    std::vector<std::string> reports() override;
    void withdraw(const std::string& node) override;

private:
    RedisConnections& redis_;
};

} // namespace topcoat::redis

#pragma once

// Where the storefronts of one shop find each other for GET /admin/cluster: each publishes a
// report of itself (a JSON object) every second, and any can read all of them.

#include <string>
#include <vector>

namespace topcoat::http {

class NodeDirectory {
public:
    virtual ~NodeDirectory() = default;
    // Replaces `node`'s report. Throws StorageError when the directory cannot be reached.
    virtual void publish(const std::string& node, const std::string& report) = 0;
    // Every report published, as stored, stale ones included. Throws StorageError.
    virtual std::vector<std::string> reports() = 0;
    // `node` stopped: it is no longer listed.
    virtual void withdraw(const std::string& node) = 0;
};

} // namespace topcoat::http

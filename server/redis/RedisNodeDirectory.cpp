#include "RedisNodeDirectory.h"

#include "LuaScript.h"

#include <Poco/Redis/Command.h>

namespace topcoat::redis {
namespace {

const std::string nodesKey = "topcoat:nodes";

} // namespace

void RedisNodeDirectory::publish(const std::string& node, const std::string& report) {
    redis_.run(Resend::Safe, [&](RedisConnection& connection) {
        Poco::Redis::Command set("HSET");
        set << nodesKey << node << report;
        connection.client.execute<Poco::Int64>(set);
    });
}

std::vector<std::string> RedisNodeDirectory::reports() {
    return redis_.run(Resend::Safe, [&](RedisConnection& connection) {
        return strings(connection.client.execute<Poco::Redis::Array>(Poco::Redis::Command("HVALS")
                                                                     << nodesKey));
    });
}

void RedisNodeDirectory::withdraw(const std::string& node) {
    redis_.run(Resend::Safe, [&](RedisConnection& connection) {
        Poco::Redis::Command forget("HDEL");
        forget << nodesKey << node;
        connection.client.execute<Poco::Int64>(forget);
    });
}

} // namespace topcoat::redis

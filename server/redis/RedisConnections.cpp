#include "RedisConnections.h"

#include <Poco/Redis/Command.h>
#include <Poco/Redis/Type.h>
#include <Poco/Timespan.h>
#include <algorithm>

namespace topcoat::redis {
namespace {

// Idle connections kept for reuse: about one per worker thread.
constexpr std::size_t maxIdle = 64;

std::string runIdFrom(const std::string& info) {
    constexpr std::string_view field = "run_id:";
    const auto at = info.find(field);
    if (at == std::string::npos)
        return {};
    const auto begin = at + field.size();
    return info.substr(begin, info.find_first_of("\r\n", begin) - begin);
}

} // namespace

bool RedisConnections::isErrorReply(const Poco::Redis::RedisException& error) {
    // Redis starts every error reply with an upper-case code.
    const auto& message = error.message();
    const auto code = message.substr(0, message.find(' '));
    return !code.empty() &&
           std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

RedisConnections::RedisConnections(RedisAddress address, std::chrono::milliseconds timeout)
    : address_(std::move(address)), timeout_(timeout) {}

RedisConnections::~RedisConnections() = default;

std::unique_ptr<RedisConnection> RedisConnections::take() {
    {
        std::lock_guard lock(mutex_);
        if (!idle_.empty()) {
            auto client = std::move(idle_.back());
            idle_.pop_back();
            return client;
        }
    }
    try {
        return connect();
    } catch (const Poco::Exception& error) {
        throw StorageError("Redis at " + address_.text() + ": " + error.displayText());
    }
}

void RedisConnections::give(std::unique_ptr<RedisConnection> client) {
    std::lock_guard lock(mutex_);
    if (idle_.size() < maxIdle)
        idle_.push_back(std::move(client));
}

void RedisConnections::dropIdle() {
    std::lock_guard lock(mutex_);
    idle_.clear();
}

std::unique_ptr<RedisConnection> RedisConnections::connect() {
    const Poco::Timespan timeout(
        std::chrono::duration_cast<std::chrono::microseconds>(timeout_).count());
    auto connection = std::make_unique<RedisConnection>();
    connection->client.connect(address_.host, address_.port, timeout);
    connection->client.setReceiveTimeout(timeout);
    Poco::Redis::Command info("INFO");
    info << "server";
    const auto reply = connection->client.execute<Poco::Redis::BulkString>(info);
    connection->runId = reply.isNull() ? std::string() : runIdFrom(reply.value());
    if (connection->runId.empty())
        throw Poco::Redis::RedisException("INFO server gave no run_id");
    return connection;
}

} // namespace topcoat::redis

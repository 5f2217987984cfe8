#pragma once

// A pool of connections to one Redis server, shared by the storefront's worker threads (a
// Poco::Redis::Client serves one caller at a time). Each connection knows which Redis process it
// reached: the run_id changes when Redis restarts, which is how a restart that may have lost
// data is noticed.

#include "RedisAddress.h"
#include "server/core/ShopRepository.h"

#include <Poco/Redis/Client.h>
#include <Poco/Redis/Exception.h>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace topcoat::redis {

// One pooled connection, with the run_id of the Redis process it reached.
struct RedisConnection {
    Poco::Redis::Client client;
    std::string runId;
};

// Whether a command may be sent again when the connection failed after sending it: only if
// running it twice has the effect of running it once.
enum class Resend { Safe, Never };

class RedisConnections {
public:
    RedisConnections(RedisAddress address, std::chrono::milliseconds timeout);
    ~RedisConnections();

    const RedisAddress& address() const { return address_; }

    // Runs `use(connection)` on a pooled connection. A connection the network failed is dropped;
    // with Resend::Safe `use` runs once more on a new one (a restarted Redis closes every
    // connection in the pool). A failure that remains, or an error reply from Redis that `use`
    // does not handle itself, is a StorageError.
    template <typename Use> auto run(Resend resend, Use&& use) {
        for (int attempt = 0;; ++attempt) {
            auto client = take();
            try {
                if constexpr (std::is_void_v<decltype(use(*client))>) {
                    use(*client);
                    give(std::move(client));
                    return;
                } else {
                    auto result = use(*client);
                    give(std::move(client));
                    return result;
                }
            } catch (const Poco::Redis::RedisException& error) {
                if (!isErrorReply(error)) {
                    dropIdle();
                    if (resend == Resend::Never || attempt > 0)
                        throw StorageError("Redis at " + address_.text() + ": " +
                                           error.displayText());
                    continue;
                }
                give(std::move(client)); // it still works; the command did not
                throw StorageError("Redis at " + address_.text() + " refused: " + error.message());
            } catch (const Poco::Exception& error) {
                dropIdle(); // one connection failing usually means the server went away
                if (resend == Resend::Never || attempt > 0)
                    throw StorageError("Redis at " + address_.text() + ": " + error.displayText());
            }
        }
    }

private:
    // Poco reports an error reply from Redis ("ERR …", "NOSCRIPT …") and a reply it could not
    // read (a closed connection) with the same exception type.
    static bool isErrorReply(const Poco::Redis::RedisException& error);
    std::unique_ptr<RedisConnection> take();
    void give(std::unique_ptr<RedisConnection> client);
    void dropIdle();
    std::unique_ptr<RedisConnection> connect();

    RedisAddress address_;
    std::chrono::milliseconds timeout_;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<RedisConnection>> idle_; // guarded by mutex_
};

} // namespace topcoat::redis

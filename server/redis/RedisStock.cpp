#include "RedisStock.h"

#include <Poco/JSON/Parser.h>
#include <Poco/Redis/Command.h>
#include <Poco/Redis/Type.h>
#include <spdlog/spdlog.h>
#include <utility>

namespace topcoat::redis {
namespace {

using Poco::Redis::Array;
using Poco::Redis::BulkString;
using Poco::Redis::Command;

const std::string skuSetKey = "topcoat:skus";
const std::string epochKey = "topcoat:epoch";
const std::string rebuildLockKey = "topcoat:rebuilding";

std::string stockKey(const std::string& sku) {
    return "topcoat:{" + sku + "}:stock";
}
std::string holdsKey(const std::string& sku) {
    return "topcoat:{" + sku + "}:holds";
}
std::string usedKey(const std::string& sku, const std::string& claimKey) {
    return "topcoat:{" + sku + "}:used:" + claimKey;
}
// The SKU inside a StockLedger::limitKey ("sale \x1f sku \x1f customer").
std::string skuOfClaim(const std::string& claimKey) {
    const auto first = claimKey.find('\x1f');
    const auto second = claimKey.find('\x1f', first + 1);
    return first == std::string::npos || second == std::string::npos
               ? std::string()
               : claimKey.substr(first + 1, second - first - 1);
}

void log(spdlog::level::level_enum level, const std::string& message) {
    if (auto app = spdlog::get("app"))
        app->log(level, "stock in Redis: {}", message);
}

std::int64_t number(const BulkString& value) {
    return value.isNull() || value.value().empty() ? 0 : std::stoll(value.value());
}

// A hold as StockScripts.h stores it; settled ones have "s".
Poco::JSON::Object::Ptr readHold(const std::string& json) {
    return Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
}

std::int64_t redisMillis(Poco::Redis::Client& client) {
    const auto time = client.execute<Array>(Command("TIME"));
    return std::stoll(time.get<BulkString>(0).value()) * 1000 +
           std::stoll(time.get<BulkString>(1).value()) / 1000;
}

} // namespace

RedisStock::RedisStock(RedisConnections& redis, ReadTruth readTruth, IsDurable isDurable,
                       RedisStockOptions options)
    : redis_(redis), readTruth_(std::move(readTruth)), isDurable_(std::move(isDurable)),
      options_(options) {}

RedisStock::~RedisStock() {
    {
        std::lock_guard lock(stopMutex_);
        stopping_ = true;
    }
    stopSignal_.notify_all();
    if (maintenance_.joinable())
        maintenance_.join();
}

void RedisStock::start() {
    const auto runId = redis_.run(Resend::Safe, [](RedisConnection& c) { return c.runId; });
    ensureCurrent(runId);
    refreshAll();
    maintenance_ = std::thread([this] { maintain(); });
}

bool RedisStock::hadEpoch() {
    std::lock_guard lock(epochMutex_);
    return !epoch_.empty();
}

bool RedisStock::isCurrent(const std::string& runId) {
    std::lock_guard lock(epochMutex_);
    return epoch_ == runId;
}

RedisStock::Answer RedisStock::run(const Script& script, const std::string& sku,
                                   const std::vector<std::string>& keys,
                                   const std::vector<std::string>& args, Resend resend,
                                   bool withEpoch) {
    const auto answer = redis_.run(resend, [&](RedisConnection& c) -> std::optional<Answer> {
        if (withEpoch && !isCurrent(c.runId))
            return std::nullopt;
        std::vector<std::string> full;
        if (withEpoch)
            full.push_back(c.runId);
        full.insert(full.end(), args.begin(), args.end());
        const auto reply = evaluate(c.client, script, keys, full);
        Answer out;
        out.status = static_cast<int>(reply.get<Poco::Int64>(0));
        out.levels = {reply.get<Poco::Int64>(1), reply.get<Poco::Int64>(2),
                      reply.get<Poco::Int64>(3), reply.get<Poco::Int64>(4)};
        out.version = reply.get<Poco::Int64>(5);
        return out;
    });
    if (!answer) {
        // Rebuilt in the background, so no customer's request waits for it.
        wantRebuild();
        throw StorageError("the stock in Redis is being rebuilt from the orders");
    }
    if (answer->status != static_cast<int>(ScriptStatus::Stale))
        remember(sku, answer->levels, answer->version);
    return *answer;
}

void RedisStock::wantRebuild() {
    {
        std::lock_guard lock(stopMutex_);
        rebuildWanted_ = true;
    }
    stopSignal_.notify_all();
}

void RedisStock::ensureCurrent(const std::string& runId) {
    std::lock_guard rebuilding(rebuildMutex_);
    if (isCurrent(runId))
        return;
    // Never sent twice: a rebuild that failed halfway leaves its lock to lapse.
    redis_.run(Resend::Never, [&](RedisConnection& c) {
        if (c.runId != runId)
            throw StorageError("Redis restarted again while its stock was checked");
        const auto stored = c.client.execute<BulkString>(Command::get(epochKey));
        if (!stored.isNull() && stored.value() == runId)
            return;
        // Only one storefront rebuilds; the lock lapses if it dies halfway.
        Command lock("SET");
        lock << rebuildLockKey << runId << "NX"
             << "PX"
             << "120000";
        if (!c.client.sendCommand(lock)->isSimpleString())
            throw StorageError("another storefront is rebuilding the stock in Redis");
        // Another Redis process held the stock before: checkouts may still be in flight.
        const bool afterRestart = !stored.isNull() || hadEpoch();
        rebuild(c, afterRestart);
        c.client.execute<Poco::Int64>(Command::del(rebuildLockKey));
    });
    std::lock_guard lock(epochMutex_);
    epoch_ = runId;
}

void RedisStock::rebuild(RedisConnection& c, bool afterRestart) {
    if (afterRestart) {
        log(spdlog::level::warn, "Redis " + c.runId + " is new: rebuilding from the orders");
        std::unique_lock lock(stopMutex_);
        stopSignal_.wait_for(lock, options_.settle, [this] { return stopping_; });
    }
    const auto truth = readTruth_();
    std::map<std::string, std::vector<const StockTruth::Usage*>> usageBySku;
    for (const auto& usage : truth.usage)
        usageBySku[usage.sku].push_back(&usage);
    for (const auto& sku : truth.skus) {
        std::vector<std::string> args{c.runId, std::to_string(sku.stocked),
                                      std::to_string(sku.sold)};
        std::vector<std::string> durable;
        const auto holds = strings(c.client.execute<Array>(Command::hgetall(holdsKey(sku.sku))));
        for (std::size_t i = 0; i + 1 < holds.size(); i += 2)
            if (!readHold(holds[i + 1])->has("s") && isDurable_(holds[i]))
                durable.push_back(holds[i]);
        args.push_back(std::to_string(durable.size()));
        args.insert(args.end(), durable.begin(), durable.end());
        for (const auto* usage : usageBySku[sku.sku]) {
            args.push_back(usedKey(sku.sku, usage->claimKey));
            args.push_back(std::to_string(usage->units));
        }
        const auto reply =
            evaluate(c.client, rebuildScript(), {stockKey(sku.sku), holdsKey(sku.sku)}, args);
        remember(sku.sku,
                 {reply.get<Poco::Int64>(1), reply.get<Poco::Int64>(2), reply.get<Poco::Int64>(3),
                  reply.get<Poco::Int64>(4)},
                 reply.get<Poco::Int64>(5));
        Command add("SADD");
        add << skuSetKey << sku.sku;
        c.client.execute<Poco::Int64>(add);
    }
    c.client.execute<std::string>(Command::set(epochKey, c.runId));
    log(spdlog::level::info,
        "rebuilt " + std::to_string(truth.skus.size()) + " SKUs on Redis " + c.runId);
}

void RedisStock::remember(const std::string& sku, const StockLevels& levels, std::int64_t version) {
    std::unique_lock lock(cacheMutex_);
    auto& known = cacheVersion_[sku];
    if (version < known)
        return; // an answer overtaken by a newer one
    known = version;
    auto& cached = cache_[sku];
    const bool changed = cached.available != levels.available;
    cached = levels;
    if (changed)
        generation_.fetch_add(1, std::memory_order_acq_rel);
}

void RedisStock::refreshAll() {
    redis_.run(Resend::Safe, [&](RedisConnection& c) {
        if (!isCurrent(c.runId)) {
            // A restarted Redis: its counters mean nothing until it is rebuilt.
            std::lock_guard lock(stopMutex_);
            rebuildWanted_ = true;
            return;
        }
        const auto skus = strings(c.client.execute<Array>(Command::smembers(skuSetKey)));
        for (const auto& sku : skus) {
            Command read("HMGET");
            read << stockKey(sku) << "available"
                 << "reserved"
                 << "sold"
                 << "stocked"
                 << "version";
            const auto reply = c.client.execute<Array>(read);
            remember(sku,
                     {number(reply.get<BulkString>(0)), number(reply.get<BulkString>(1)),
                      number(reply.get<BulkString>(2)), number(reply.get<BulkString>(3))},
                     number(reply.get<BulkString>(4)));
        }
    });
}

void RedisStock::reconcile() {
    std::vector<std::string> skus;
    {
        std::shared_lock lock(cacheMutex_);
        for (const auto& [sku, levels] : cache_)
            skus.push_back(sku);
    }
    const auto grace = options_.holdGrace.count();
    for (const auto& sku : skus) {
        const auto [now, holds] = redis_.run(Resend::Safe, [&](RedisConnection& c) {
            return std::pair{redisMillis(c.client),
                             strings(c.client.execute<Array>(Command::hgetall(holdsKey(sku))))};
        });
        for (std::size_t i = 0; i + 1 < holds.size(); i += 2) {
            const auto& id = holds[i];
            const auto hold = readHold(holds[i + 1]);
            const auto at = hold->getValue<Poco::Int64>("at");
            if (hold->has("s")) {
                // Settled long ago: nothing can still commit or release it.
                if (at + 10 * grace < now)
                    redis_.run(Resend::Safe, [&](RedisConnection& c) {
                        Command forget("HDEL");
                        forget << holdsKey(sku) << id;
                        c.client.execute<Poco::Int64>(forget);
                    });
                continue;
            }
            if (at + grace >= now)
                continue;
            const bool durable = isDurable_(id);
            log(spdlog::level::warn,
                "hold " + id + " on " + sku + " was left open; " +
                    (durable ? "its order is durable: sold" : "no order: given back"));
            run(settleScript(), sku, {stockKey(sku), holdsKey(sku)},
                {id, durable ? "committed" : "released"}, Resend::Safe, false);
        }
    }
}

void RedisStock::maintain() {
    auto nextReconcile = std::chrono::steady_clock::now() + options_.reconcileEvery;
    bool failing = false;
    for (;;) {
        bool rebuild = false;
        {
            std::unique_lock lock(stopMutex_);
            stopSignal_.wait_for(lock, options_.refresh,
                                 [this] { return stopping_ || rebuildWanted_; });
            if (stopping_)
                return;
            rebuild = std::exchange(rebuildWanted_, false);
        }
        try {
            if (rebuild)
                ensureCurrent(redis_.run(Resend::Safe, [](RedisConnection& c) { return c.runId; }));
            refreshAll();
            if (std::chrono::steady_clock::now() >= nextReconcile) {
                reconcile();
                nextReconcile = std::chrono::steady_clock::now() + options_.reconcileEvery;
            }
            if (failing)
                log(spdlog::level::info, "reachable again");
            failing = false;
        } catch (const std::exception& error) {
            if (!failing) // once per outage, not five times a second
                log(spdlog::level::err, error.what());
            failing = true;
        }
    }
}

ReserveOutcome RedisStock::doReserve(const std::string& sku, std::int64_t quantity,
                                     const std::optional<LimitClaim>& claim,
                                     const std::string& holdId) {
    std::vector<std::string> keys{stockKey(sku), holdsKey(sku)};
    if (claim)
        keys.push_back(usedKey(sku, claim->key));
    const auto answer =
        run(reserveScript(), sku, keys,
            {std::to_string(quantity), std::to_string(claim ? claim->limit : -1), holdId},
            holdId.empty() ? Resend::Never : Resend::Safe, true);
    switch (static_cast<ScriptStatus>(answer.status)) {
    case ScriptStatus::Done:
        return ReserveOutcome::Reserved;
    case ScriptStatus::LimitReached:
        return ReserveOutcome::LimitReached;
    default:
        return ReserveOutcome::SoldOut; // also a SKU Redis does not know
    }
}

void RedisStock::doCommit(const std::string& sku, std::int64_t quantity,
                          const std::string& holdId) {
    try {
        const auto answer = run(commitScript(), sku, {stockKey(sku), holdsKey(sku)},
                                {std::to_string(quantity), holdId},
                                holdId.empty() ? Resend::Never : Resend::Safe, false);
        if (answer.status == static_cast<int>(ScriptStatus::Late))
            log(spdlog::level::warn, "order " + holdId +
                                         " became durable after its hold was "
                                         "given back; its units were taken again");
    } catch (const StorageError& error) {
        // The order is durable and stays confirmed: the reconciler finds its hold and sells it.
        log(spdlog::level::err, "commit of " + holdId + " left to the reconciler: " + error.what());
    }
}

void RedisStock::doRelease(const std::string& sku, std::int64_t quantity,
                           const std::optional<LimitClaim>& claim, const std::string& holdId) {
    std::vector<std::string> keys{stockKey(sku), holdsKey(sku)};
    if (claim)
        keys.push_back(usedKey(sku, claim->key));
    try {
        run(releaseScript(), sku, keys, {std::to_string(quantity), holdId},
            holdId.empty() ? Resend::Never : Resend::Safe, false);
    } catch (const StorageError& error) {
        log(spdlog::level::err,
            "release of " + holdId + " left to the reconciler: " + error.what());
    }
}

void RedisStock::returnSold(const std::string& sku, std::int64_t quantity,
                            const std::optional<LimitClaim>& claim) {
    std::vector<std::string> keys{stockKey(sku)};
    if (claim)
        keys.push_back(usedKey(sku, claim->key));
    try {
        run(returnScript(), sku, keys, {std::to_string(quantity)}, Resend::Never, true);
    } catch (const StorageError& error) {
        log(spdlog::level::err, "units of " + sku + " could not go back on sale until Redis " +
                                    "is rebuilt from the orders: " + error.what());
    }
}

bool RedisStock::adjust(const std::string& sku, std::int64_t delta) {
    const auto answer =
        run(adjustScript(), sku, {stockKey(sku)}, {std::to_string(delta)}, Resend::Never, true);
    redis_.run(Resend::Safe, [&](RedisConnection& c) {
        Command add("SADD");
        add << skuSetKey << sku;
        c.client.execute<Poco::Int64>(add);
    });
    return answer.status == static_cast<int>(ScriptStatus::Done);
}

std::int64_t RedisStock::usage(const std::string& key) const {
    return redis_.run(Resend::Safe, [&](RedisConnection& c) {
        return number(c.client.execute<BulkString>(Command::get(usedKey(skuOfClaim(key), key))));
    });
}

std::optional<StockLevels> RedisStock::snapshot(const std::string& sku) const {
    std::shared_lock lock(cacheMutex_);
    const auto found = cache_.find(sku);
    if (found == cache_.end())
        return std::nullopt;
    return found->second;
}

std::vector<std::pair<std::string, StockLevels>> RedisStock::snapshotAll() const {
    std::shared_lock lock(cacheMutex_);
    return {cache_.begin(), cache_.end()};
}

} // namespace topcoat::redis

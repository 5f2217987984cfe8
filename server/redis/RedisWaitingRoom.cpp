#include "RedisWaitingRoom.h"

#include "RoomScripts.h"
#include "server/core/WaitingRoomPass.h"

#include <Poco/Redis/Command.h>
#include <charconv>
#include <cstdio>
#include <random>
#include <spdlog/spdlog.h>

namespace topcoat::redis {
namespace {

std::string micros(TimePoint at) {
    return std::to_string(
        std::chrono::duration_cast<std::chrono::microseconds>(at.time_since_epoch()).count());
}

std::int64_t integer(const std::string& text) {
    std::int64_t value = 0;
    std::from_chars(text.data(), text.data() + text.size(), value);
    return value;
}

std::vector<std::string> keysOf(const std::string& prefix) {
    std::vector<std::string> keys;
    for (const char* name :
         {"state", "tickets", "line", "early", "pool", "seen", "admitted", "used"})
        keys.push_back(prefix + ":" + name);
    return keys;
}

} // namespace

RedisWaitingRoom::RedisWaitingRoom(RedisConnections& redis, const MessageSigner& signer,
                                   std::string keyPrefix, std::size_t capacity)
    : redis_(redis), signer_(signer), keys_(keysOf(keyPrefix)), capacity_(capacity) {}

std::vector<std::string> RedisWaitingRoom::run(const Script& script, std::vector<std::string> args,
                                               Resend resend) const {
    return redis_.run(resend, [&](RedisConnection& connection) {
        // Integers come back as integers and the customer as a bulk string: read both as text.
        const auto reply = evaluate(connection.client, script, keys_, args);
        std::vector<std::string> out;
        for (std::size_t i = 0; !reply.isNull() && i < reply.size(); ++i) {
            if (reply.getType(i) == Poco::Redis::RedisTypeTraits<Poco::Int64>::TypeId)
                out.push_back(std::to_string(reply.get<Poco::Int64>(i)));
            else if (const auto text = reply.get<Poco::Redis::BulkString>(i); !text.isNull())
                out.push_back(text.value());
            else
                out.emplace_back();
        }
        return out;
    });
}

void RedisWaitingRoom::configure(const WaitingRoomSettings& settings, TimePoint now) {
    // Every storefront applies the shop's settings (they are in the shared database); doing it
    // twice leaves the line as doing it once.
    const auto interval = 60'000'000 / std::max<std::int64_t>(1, settings.admitPerMinute);
    run(configureScript(),
        {micros(now), settings.enabled ? "1" : "0", std::to_string(interval),
         std::to_string(std::chrono::milliseconds(settings.passLifetime).count())},
        Resend::Safe);
    std::lock_guard lock(mutex_);
    settings_ = settings;
    enabled_.store(settings.enabled, std::memory_order_relaxed);
}

WaitingRoomSettings RedisWaitingRoom::settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
}

Result<TicketStatus, QueueError> RedisWaitingRoom::join(const std::string& customer, TimePoint now,
                                                        std::optional<TimePoint> opensAt) {
    const auto settings = this->settings();
    const bool early = opensAt && settings.randomizeBeforeOpen && now < *opensAt;
    const auto ticket = newTicketId();
    const std::vector<std::string> args{micros(now),
                                        ticket,
                                        customer,
                                        early ? drawPlace() : std::string(),
                                        early ? micros(*opensAt) : std::string(),
                                        std::to_string(capacity_)};
    // The ticket id is drawn here, so a join sent again takes one ticket, not two.
    auto answer = run(joinScript(), args, Resend::Safe);
    if (!answer.empty() && answer[0] == "-4") {
        // Redis restarted empty: the line starts again, with the shop's settings.
        configure(settings, now);
        answer = run(joinScript(), args, Resend::Safe);
    }
    if (answer.empty() || answer[0] == "-4")
        throw StorageError("the waiting room in Redis gave no answer");
    if (answer[0] == "-1")
        return fail(QueueError::Closed);
    if (answer[0] == "-2")
        return fail(QueueError::Full);
    return describe(ticket, answer);
}

std::optional<TicketStatus> RedisWaitingRoom::status(const std::string& ticket, TimePoint now) {
    const auto answer = run(statusScript(), {micros(now), ticket}, Resend::Safe);
    if (answer.empty() || answer[0] == "-3")
        return std::nullopt;
    return describe(ticket, answer);
}

TicketStatus RedisWaitingRoom::describe(const std::string& ticket,
                                        const std::vector<std::string>& answer) const {
    if (answer.size() < 4)
        throw StorageError("the waiting room in Redis gave a short answer");
    TicketStatus status{ticket, integer(answer[0]), integer(answer[1]), std::nullopt};
    if (const auto expires = integer(answer[2]); expires > 0)
        status.pass =
            signPass(signer_, ticket, answer[3], TimePoint{std::chrono::milliseconds(expires)});
    return status;
}

PassCheck RedisWaitingRoom::claim(const std::string& pass, const std::string& customer,
                                  TimePoint now, const std::string& idempotencyKey) {
    const auto verified = verifyPass(signer_, pass, customer, now);
    if (verified.check != PassCheck::Valid)
        return verified.check;
    const auto answer = run(claimScript(), {verified.ticket, idempotencyKey}, Resend::Safe);
    switch (answer.empty() ? -1 : integer(answer[0])) {
    case 0:
        return PassCheck::Valid;
    case 1:
        return PassCheck::Replayed;
    case 2:
        return PassCheck::Used;
    case 3:
        return PassCheck::Forgotten;
    default:
        throw StorageError("the waiting room in Redis gave no answer to a claim");
    }
}

void RedisWaitingRoom::release(const std::string& pass) {
    const auto ticket = ticketOfPass(pass);
    if (!ticket)
        return;
    try {
        redis_.run(Resend::Safe, [&](RedisConnection& connection) {
            Poco::Redis::Command forget("HDEL");
            forget << keys_[7] << *ticket;
            connection.client.execute<Poco::Int64>(forget);
        });
    } catch (const StorageError& error) {
        // The checkout's own answer stands; the customer's retry may find the pass used.
        if (auto app = spdlog::get("app"))
            app->warn("waiting room: a pass could not be given back: {}", error.what());
    }
}

WaitingRoomCounts RedisWaitingRoom::counts() const {
    std::vector<std::string> answer;
    try {
        answer = run(countsScript(), {}, Resend::Safe);
    } catch (const StorageError&) {
        std::lock_guard lock(mutex_);
        return lastCounts_;
    }
    std::lock_guard lock(mutex_);
    if (answer.size() == 4)
        lastCounts_ = {integer(answer[0]), static_cast<std::uint64_t>(integer(answer[1])),
                       static_cast<std::uint64_t>(integer(answer[2])),
                       static_cast<std::uint64_t>(integer(answer[3]))};
    return lastCounts_;
}

std::string RedisWaitingRoom::drawPlace() {
    thread_local std::random_device random;
    const auto bits = (std::uint64_t{random()} << 32 | random()) >> 11; // 53 bits
    char text[32];
    std::snprintf(text, sizeof text, "%.17g", static_cast<double>(bits) / 9007199254740992.0);
    return text;
}

} // namespace topcoat::redis

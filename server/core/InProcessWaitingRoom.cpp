#include "InProcessWaitingRoom.h"

#include "WaitingRoomPass.h"

#include <algorithm>

namespace topcoat {
namespace {

constexpr std::int64_t nanosPerMinute = 60'000'000'000;

std::int64_t nanos(TimePoint at) {
    return std::chrono::duration_cast<std::chrono::nanoseconds>(at.time_since_epoch()).count();
}

std::int64_t secondsRoundedUp(std::int64_t nanoseconds) {
    return nanoseconds <= 0 ? 0 : (nanoseconds + 999'999'999) / 1'000'000'000;
}

} // namespace

InProcessWaitingRoom::InProcessWaitingRoom(const MessageSigner& signer, std::size_t capacity)
    : signer_(signer), capacity_(capacity) {}

void InProcessWaitingRoom::configure(const WaitingRoomSettings& settings, TimePoint now) {
    std::lock_guard lock(mutex_);
    if (settings.enabled && !settings_.enabled)
        nextAdmissionNanos_ = nanos(now);
    if (!settings.enabled) {
        // Nobody waits for a room that is closed: their tickets become unknown, and the page,
        // rejoining, learns that the room is closed and buys directly.
        for (const auto& id : line_)
            forget(id);
        for (const auto& id : earlyPool_)
            forget(id);
        line_.clear();
        earlyPool_.clear();
        poolOpensAt_.reset();
    }
    settings_ = settings;
    enabled_.store(settings.enabled, std::memory_order_relaxed);
}

WaitingRoomSettings InProcessWaitingRoom::settings() const {
    std::lock_guard lock(mutex_);
    return settings_;
}

Result<TicketStatus, QueueError> InProcessWaitingRoom::join(const std::string& customer,
                                                            TimePoint now,
                                                            std::optional<TimePoint> opensAt) {
    std::lock_guard lock(mutex_);
    if (!settings_.enabled)
        return fail(QueueError::Closed);
    advance(now);
    if (tickets_.size() >= capacity_)
        sweepAbandoned(now);
    if (tickets_.size() >= capacity_)
        return fail(QueueError::Full);

    auto id = newTicketId();
    Ticket ticket{customer, 0, now, std::nullopt, {}};
    if (opensAt && settings_.randomizeBeforeOpen && now < *opensAt) {
        earlyPool_.push_back(id);
        if (!poolOpensAt_ || *opensAt < *poolOpensAt_)
            poolOpensAt_ = *opensAt;
    } else {
        ticket.sequence = nextSequence_++;
        line_.push_back(id);
    }
    ++counts_.joined;
    auto& stored = tickets_.emplace(id, std::move(ticket)).first->second;
    advance(now); // an empty line admits the newcomer at once
    return describe(id, stored, now);
}

std::optional<TicketStatus> InProcessWaitingRoom::status(const std::string& id, TimePoint now) {
    std::lock_guard lock(mutex_);
    advance(now);
    const auto found = tickets_.find(id);
    if (found == tickets_.end())
        return std::nullopt;
    found->second.lastSeen = now;
    return describe(id, found->second, now);
}

PassCheck InProcessWaitingRoom::claim(const std::string& pass, const std::string& customer,
                                      TimePoint now, const std::string& idempotencyKey) {
    auto verified = verifyPass(signer_, pass, customer, now);
    if (verified.check != PassCheck::Valid)
        return verified.check;
    std::lock_guard lock(mutex_);
    const auto [used, fresh] = usedPasses_.emplace(std::move(verified.ticket), idempotencyKey);
    if (fresh)
        return PassCheck::Valid;
    return !idempotencyKey.empty() && used->second == idempotencyKey ? PassCheck::Replayed
                                                                     : PassCheck::Used;
}

void InProcessWaitingRoom::release(const std::string& pass) {
    if (const auto ticket = ticketOfPass(pass)) {
        std::lock_guard lock(mutex_);
        usedPasses_.erase(*ticket);
    }
}

WaitingRoomCounts InProcessWaitingRoom::counts() const {
    std::lock_guard lock(mutex_);
    auto counts = counts_;
    counts.waiting = static_cast<std::int64_t>(line_.size() + earlyPool_.size());
    return counts;
}

void InProcessWaitingRoom::advance(TimePoint now) {
    const auto nowNanos = nanos(now);
    while (!admittedOrder_.empty() && admittedOrder_.front().passExpires <= now) {
        // The pass is dead now, so forgetting that it was used lets nothing in again.
        usedPasses_.erase(admittedOrder_.front().ticket);
        forget(admittedOrder_.front().ticket);
        admittedOrder_.pop_front();
    }
    if (!settings_.enabled)
        return;
    if (now - lastSweep_ >= std::chrono::seconds(10)) {
        sweepAbandoned(now);
        lastSweep_ = now;
    }
    if (poolOpensAt_ && now >= *poolOpensAt_) {
        nextAdmissionNanos_ = std::max(nextAdmissionNanos_, nanos(*poolOpensAt_));
        openEarlyPool();
    }
    const auto interval = intervalNanos();
    while (!line_.empty()) {
        const auto& id = line_.front();
        auto& ticket = tickets_.at(id);
        if (now - ticket.lastSeen > abandonAfter) {
            ++counts_.abandoned;
            forget(id);
            line_.pop_front();
            continue;
        }
        if (nextAdmissionNanos_ > nowNanos)
            break;
        admit(id, ticket, now);
        line_.pop_front();
        nextAdmissionNanos_ += interval;
    }
    // An idle room banks no admissions: after a quiet spell only the next customer walks in.
    if (line_.empty())
        nextAdmissionNanos_ = std::max(nextAdmissionNanos_, nowNanos);
}

void InProcessWaitingRoom::admit(const std::string& id, Ticket& ticket, TimePoint now) {
    ticket.sequence = 0;
    ticket.passExpires = now + settings_.passLifetime;
    ticket.pass = signPass(signer_, id, ticket.customer, ticket.passExpires);
    admittedOrder_.push_back({id, ticket.passExpires});
    ++counts_.admitted;
}

void InProcessWaitingRoom::openEarlyPool() {
    std::shuffle(earlyPool_.begin(), earlyPool_.end(), shuffle_);
    for (auto& id : earlyPool_) {
        tickets_.at(id).sequence = nextSequence_++;
        line_.push_back(std::move(id));
    }
    earlyPool_.clear();
    poolOpensAt_.reset();
}

void InProcessWaitingRoom::forget(const std::string& id) {
    tickets_.erase(id);
}

void InProcessWaitingRoom::sweepAbandoned(TimePoint now) {
    const auto abandoned = [&](const std::string& id) {
        if (now - tickets_.at(id).lastSeen <= abandonAfter)
            return false;
        ++counts_.abandoned;
        forget(id);
        return true;
    };
    std::erase_if(line_, abandoned);
    std::erase_if(earlyPool_, abandoned);
}

TicketStatus InProcessWaitingRoom::describe(const std::string& id, const Ticket& ticket,
                                            TimePoint now) const {
    TicketStatus status{id, 0, 0, ticket.pass};
    if (ticket.pass)
        return status;
    const auto interval = intervalNanos();
    const auto untilNext = std::max<std::int64_t>(0, nextAdmissionNanos_ - nanos(now));
    if (ticket.sequence == 0) {
        // Still in the early pool: its place is drawn at the opening, so promise the worst.
        status.position = static_cast<std::int64_t>(earlyPool_.size() + line_.size());
        const auto untilOpening = poolOpensAt_ ? nanos(*poolOpensAt_) - nanos(now) : 0;
        status.etaSeconds =
            secondsRoundedUp(std::max(untilOpening, untilNext) + (status.position - 1) * interval);
        return status;
    }
    const auto head = tickets_.at(line_.front()).sequence;
    status.position = static_cast<std::int64_t>(ticket.sequence - head) + 1;
    status.etaSeconds = secondsRoundedUp(untilNext + (status.position - 1) * interval);
    return status;
}

std::int64_t InProcessWaitingRoom::intervalNanos() const {
    return nanosPerMinute / std::max<std::int64_t>(1, settings_.admitPerMinute);
}

std::mt19937_64 InProcessWaitingRoom::unpredictableEngine() {
    std::random_device random;
    std::seed_seq seed{random(), random(), random(), random(),
                       random(), random(), random(), random()};
    return std::mt19937_64(seed);
}

} // namespace topcoat

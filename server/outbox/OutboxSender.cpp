#include "OutboxSender.h"

#include "server/storage/RowConversion.h"

#include <spdlog/spdlog.h>

namespace topcoat::outbox {
namespace {

// A lease runs this long and is renewed when less than half of it is left, so a storefront
// that died hands the sending over within it.
constexpr std::int64_t leaseSeconds = 15;
constexpr int fanOutPerPass = 200;
constexpr int sendsPerPass = 50;

void warn(const std::string& message) {
    if (auto app = spdlog::get("app"))
        app->warn("{}", message);
}

} // namespace

OutboxSender::OutboxSender(db::Store& store, OrderLookup& orders,
                           std::vector<OutboxChannel*> channels, const Clock& clock,
                           Options options)
    : store_(store), orders_(orders), channels_(std::move(channels)), clock_(clock),
      options_(std::move(options)), thread_([this] { loop(); }) {}

OutboxSender::~OutboxSender() {
    stop();
}

void OutboxSender::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable())
        thread_.join();
}

void OutboxSender::loop() {
    std::unique_lock lock(mutex_);
    bool busy = false;
    // After a full pass the next one starts at once: a backlog (a drop's confirmations) is
    // worked off as fast as the channels go, not one batch per beat.
    while (
        !(busy ? stopping_ : wake_.wait_for(lock, options_.beat, [this] { return stopping_; }))) {
        lock.unlock();
        try {
            busy = pass();
        } catch (const std::exception& error) {
            // The database away: everything stays as it was, and the next beat tries again.
            warn(std::string("the outbox could not be sent: ") + error.what());
            busy = false;
        }
        lock.lock();
    }
}

bool OutboxSender::holdsLease(std::int64_t now) {
    if (leaseUntil_ - now > leaseSeconds / 2)
        return true;
    if (!store_.takeOutboxLease(options_.holder, now, now + leaseSeconds)) {
        leaseUntil_ = 0;
        return false;
    }
    leaseUntil_ = now + leaseSeconds;
    return true;
}

bool OutboxSender::pass() {
    const auto now = storage::toUnixSeconds(clock_.now());
    if (!holdsLease(now))
        return false;
    for (auto* channel : channels_)
        channel->refresh();
    struct EndPass {
        const std::vector<OutboxChannel*>& channels;
        ~EndPass() {
            for (auto* channel : channels)
                channel->endPass();
        }
    } endPass{channels_};
    const bool moreToFanOut = fanOut(now);
    auto due = store_.dueDeliveries(now, sendsPerPass);
    const bool moreDue = due.size() == static_cast<std::size_t>(sendsPerPass);
    for (auto& delivery : due) {
        {
            std::lock_guard lock(mutex_);
            if (stopping_)
                return false;
        }
        send(std::move(delivery));
    }
    return moreToFanOut || moreDue;
}

bool OutboxSender::fanOut(std::int64_t now) {
    const auto events = store_.eventsToFanOut(fanOutPerPass);
    if (events.empty())
        return false;
    std::vector<db::FanOutRow> fanned;
    for (const auto& event : events) {
        auto& row = fanned.emplace_back(db::FanOutRow{event.id, {}});
        for (auto* channel : channels_) {
            auto more = channel->targetsFor(event);
            row.targets.insert(row.targets.end(), more.begin(), more.end());
        }
    }
    store_.fanOut(fanned, now);
    return events.size() == static_cast<std::size_t>(fanOutPerPass);
}

OutboxChannel* OutboxSender::channelFor(const std::string& target) const {
    for (auto* channel : channels_)
        if (channel->owns(target))
            return channel;
    return nullptr;
}

void OutboxSender::send(db::DeliveryRow delivery) {
    auto* channel = channelFor(delivery.target);
    DeliveryOutcome outcome{DeliveryOutcome::Kind::GaveUp, "nothing sends to this target now"};
    if (channel)
        outcome = channel->deliver(delivery, orders_.find(delivery.event.orderId));

    const auto now = storage::toUnixSeconds(clock_.now()); // after the send, which takes time
    ++delivery.attempts;
    delivery.lastError = outcome.error;
    const auto retryIn = outcome.kind == DeliveryOutcome::Kind::Failed
                             ? options_.retry.delayAfter(static_cast<int>(delivery.attempts))
                             : std::nullopt;
    if (outcome.kind == DeliveryOutcome::Kind::Sent) {
        delivery.state = "sent";
    } else if (retryIn) {
        delivery.state = "pending";
        delivery.nextAttemptAt = now + retryIn->count();
    } else {
        delivery.state = "failed";
        warn("gave up sending event " + std::to_string(delivery.event.id) + " to " +
             delivery.target + " after " + std::to_string(delivery.attempts) +
             " attempts: " + outcome.error);
    }
    store_.recordAttempt(delivery, now);
}

} // namespace topcoat::outbox

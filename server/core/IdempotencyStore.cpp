#include "IdempotencyStore.h"

namespace topcoat {

std::string IdempotencyStore::fingerprintOf(const std::string& sku, std::int64_t quantity,
                                            const std::string& customer,
                                            const std::optional<ShippingAddress>& shipping) {
    auto fingerprint = sku + '\x1f' + std::to_string(quantity) + '\x1f' + customer;
    if (shipping)
        for (const auto* part : {&shipping->name, &shipping->line1, &shipping->line2,
                                 &shipping->city, &shipping->postalCode, &shipping->country})
            fingerprint += '\x1f' + *part;
    return fingerprint;
}

IdempotencyStore::ClaimResult IdempotencyStore::claim(const std::string& key,
                                                      const std::string& fingerprint) {
    std::unique_lock lock(mutex_);
    for (;;) {
        const auto found = entries_.find(key);
        if (found == entries_.end()) {
            entries_.emplace(key, Entry{fingerprint, false, {}});
            return Claimed{};
        }
        if (found->second.fingerprint != fingerprint)
            return Mismatch{};
        if (found->second.done)
            return Replay{found->second.order};
        // Another request with this key is in flight: its outcome decides ours.
        changed_.wait(lock);
    }
}

void IdempotencyStore::complete(const std::string& key, const Order& order) {
    {
        std::lock_guard lock(mutex_);
        auto& entry = entries_.at(key);
        entry.done = true;
        entry.order = order;
    }
    changed_.notify_all();
}

void IdempotencyStore::abandon(const std::string& key) {
    {
        std::lock_guard lock(mutex_);
        entries_.erase(key);
    }
    changed_.notify_all();
}

void IdempotencyStore::load(const std::string& key, const std::string& fingerprint,
                            const Order& order) {
    std::lock_guard lock(mutex_);
    entries_.insert_or_assign(key, Entry{fingerprint, true, order});
}

} // namespace topcoat

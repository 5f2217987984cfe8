#include "ConnectionLimiter.h"

#include <algorithm>

namespace topcoat {

void ConnectionLimiter::configure(std::int64_t maxPerClient, std::vector<AddressRange> exempt) {
    std::lock_guard lock(mutex_);
    maxPerClient_ = maxPerClient;
    exempt_ = std::move(exempt);
}

bool ConnectionLimiter::opened(const NetworkAddress& peer) {
    std::lock_guard lock(mutex_);
    auto& count = open_[peer.rateLimitScope()];
    const bool exempt = std::any_of(exempt_.begin(), exempt_.end(), [&](const AddressRange& range) {
        return range.contains(peer);
    });
    if (maxPerClient_ != 0 && count >= maxPerClient_ && !exempt) {
        if (count == 0)
            open_.erase(peer.rateLimitScope());
        refused_.fetch_add(1, std::memory_order_relaxed);
        return false;
    }
    ++count;
    return true;
}

void ConnectionLimiter::closed(const NetworkAddress& peer) {
    std::lock_guard lock(mutex_);
    const auto found = open_.find(peer.rateLimitScope());
    if (found != open_.end() && --found->second <= 0)
        open_.erase(found);
}

} // namespace topcoat

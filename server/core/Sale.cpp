#include "Sale.h"

#include <algorithm>

namespace topcoat {

std::string_view toString(SaleState state) {
    switch (state) {
    case SaleState::Scheduled:
        return "scheduled";
    case SaleState::Live:
        return "live";
    case SaleState::Ended:
        return "ended";
    case SaleState::Cancelled:
        return "cancelled";
    }
    return "unknown";
}

SaleState Sale::stateAt(TimePoint now) const {
    if (cancelled)
        return SaleState::Cancelled;
    if (now < startsAt)
        return SaleState::Scheduled;
    if (now < endsAt)
        return SaleState::Live;
    return SaleState::Ended;
}

const SaleItem* Sale::item(std::string_view sku) const {
    const auto found =
        std::find_if(items.begin(), items.end(), [&](const SaleItem& it) { return it.sku == sku; });
    return found == items.end() ? nullptr : &*found;
}

bool Sale::overlaps(const Sale& other) const {
    if (cancelled || other.cancelled || endsAt <= other.startsAt || other.endsAt <= startsAt)
        return false;
    return std::any_of(items.begin(), items.end(),
                       [&](const SaleItem& it) { return other.item(it.sku) != nullptr; });
}

} // namespace topcoat

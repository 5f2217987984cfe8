#pragma once

// A flash sale: a window in time in which some SKUs sell at a sale price, with a limit of units
// per customer and SKU. Its state is derived from the clock, so it goes live and ends at the
// exact second without anybody flipping a switch.

#include "Clock.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace topcoat {

enum class SaleState { Scheduled, Live, Ended, Cancelled };

std::string_view toString(SaleState state);

struct SaleItem {
    std::string sku;
    std::int64_t salePriceCents = 0;
    // Units sold in this sale; shared so that every schedule snapshot counts into one place.
    std::shared_ptr<std::atomic<std::int64_t>> sold =
        std::make_shared<std::atomic<std::int64_t>>(0);
};

struct Sale {
    std::int64_t id = 0;
    std::string name;
    TimePoint startsAt;
    TimePoint endsAt;
    std::int64_t perCustomerLimit = 1;
    std::vector<SaleItem> items;
    bool cancelled = false;

    SaleState stateAt(TimePoint now) const;
    const SaleItem* item(std::string_view sku) const;
    // True when both sales could sell one of the same SKUs at the same moment.
    bool overlaps(const Sale& other) const;
};

} // namespace topcoat

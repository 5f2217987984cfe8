#include "SaleSchedule.h"

#include <algorithm>

namespace topcoat {

SaleSchedule::SaleSchedule() : current_(std::make_shared<const std::vector<Sale>>()) {}

std::optional<LiveSaleItem> SaleSchedule::liveItem(std::string_view sku, TimePoint now) const {
    auto sales = snapshot();
    for (const auto& sale : *sales) {
        if (sale.stateAt(now) != SaleState::Live)
            continue;
        if (const auto* item = sale.item(sku))
            return LiveSaleItem{sales, &sale, item};
    }
    return std::nullopt;
}

void SaleSchedule::replaceAll(std::vector<Sale> sales) {
    std::lock_guard lock(writeMutex_);
    std::sort(sales.begin(), sales.end(),
              [](const Sale& a, const Sale& b) { return a.startsAt < b.startsAt; });
    current_.store(std::make_shared<const std::vector<Sale>>(std::move(sales)));
}

bool SaleSchedule::add(Sale sale) {
    std::lock_guard lock(writeMutex_);
    auto sales = *snapshot();
    if (std::any_of(sales.begin(), sales.end(), [&](const Sale& s) { return s.overlaps(sale); }))
        return false;
    sales.push_back(std::move(sale));
    std::stable_sort(sales.begin(), sales.end(),
                     [](const Sale& a, const Sale& b) { return a.startsAt < b.startsAt; });
    current_.store(std::make_shared<const std::vector<Sale>>(std::move(sales)));
    return true;
}

bool SaleSchedule::replace(Sale sale) {
    std::lock_guard lock(writeMutex_);
    auto sales = *snapshot();
    const auto found =
        std::find_if(sales.begin(), sales.end(), [&](const Sale& s) { return s.id == sale.id; });
    if (found == sales.end() || std::any_of(sales.begin(), sales.end(), [&](const Sale& s) {
            return s.id != sale.id && s.overlaps(sale);
        }))
        return false;
    *found = std::move(sale);
    std::stable_sort(sales.begin(), sales.end(),
                     [](const Sale& a, const Sale& b) { return a.startsAt < b.startsAt; });
    current_.store(std::make_shared<const std::vector<Sale>>(std::move(sales)));
    return true;
}

std::optional<Sale> SaleSchedule::cancel(std::int64_t id) {
    std::lock_guard lock(writeMutex_);
    auto sales = *snapshot();
    const auto found =
        std::find_if(sales.begin(), sales.end(), [&](const Sale& s) { return s.id == id; });
    if (found == sales.end())
        return std::nullopt;
    found->cancelled = true;
    Sale cancelled = *found;
    current_.store(std::make_shared<const std::vector<Sale>>(std::move(sales)));
    return cancelled;
}

std::optional<Sale> SaleSchedule::find(std::int64_t id) const {
    for (const auto& sale : *snapshot())
        if (sale.id == id)
            return sale;
    return std::nullopt;
}

std::optional<Sale> SaleSchedule::firstOverlap(const Sale& candidate) const {
    for (const auto& sale : *snapshot())
        if (sale.id != candidate.id && sale.overlaps(candidate))
            return sale;
    return std::nullopt;
}

} // namespace topcoat

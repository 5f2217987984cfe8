#include "Catalog.h"

#include <algorithm>

namespace topcoat {
namespace {

auto bySku(const CatalogEntry& entry, std::string_view sku) {
    return entry.product.sku < sku;
}

} // namespace

CatalogSnapshot::CatalogSnapshot(std::vector<CatalogEntry> entries, std::uint64_t version)
    : entries_(std::move(entries)), version_(version) {
    std::sort(entries_.begin(), entries_.end(),
              [](const auto& a, const auto& b) { return a.product.sku < b.product.sku; });
}

const CatalogEntry* CatalogSnapshot::find(std::string_view sku) const {
    const auto found = std::lower_bound(entries_.begin(), entries_.end(), sku, bySku);
    return found != entries_.end() && found->product.sku == sku ? &*found : nullptr;
}

Catalog::Catalog() : current_(std::make_shared<const CatalogSnapshot>()) {}

void Catalog::upsert(const Product& product) {
    std::lock_guard lock(writeMutex_);
    auto entries = snapshot()->entries();
    const auto found = std::find_if(entries.begin(), entries.end(), [&](const auto& entry) {
        return entry.product.sku == product.sku;
    });
    if (found != entries.end())
        found->product = product;
    else
        entries.push_back(CatalogEntry{product, {}});
    publish(std::move(entries));
}

void Catalog::setReviews(const std::string& sku, std::vector<Review> reviews) {
    std::lock_guard lock(writeMutex_);
    auto entries = snapshot()->entries();
    for (auto& entry : entries)
        if (entry.product.sku == sku)
            entry.reviews = std::move(reviews);
    publish(std::move(entries));
}

void Catalog::publish(std::vector<CatalogEntry> entries) {
    const auto version = snapshot()->version() + 1;
    current_.store(std::make_shared<const CatalogSnapshot>(std::move(entries), version),
                   std::memory_order_release);
}

} // namespace topcoat

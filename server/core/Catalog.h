#pragma once

// The product list as immutable snapshots: readers take the current snapshot with one atomic
// load and keep using it while writers publish a replacement. Stock is not here: it is asked of
// the StockLedger, so it is live even where a snapshot's product fields are frozen.

#include "Product.h"

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace topcoat {

struct CatalogEntry {
    Product product;
    std::vector<Review> reviews;
};

class CatalogSnapshot {
public:
    CatalogSnapshot() = default;
    CatalogSnapshot(std::vector<CatalogEntry> entries, std::uint64_t version);

    const std::vector<CatalogEntry>& entries() const { return entries_; } // sorted by SKU
    const CatalogEntry* find(std::string_view sku) const;
    // Increases with every published change of product fields (not of stock).
    std::uint64_t version() const { return version_; }

private:
    std::vector<CatalogEntry> entries_;
    std::uint64_t version_ = 0;
};

class Catalog {
public:
    Catalog();

    std::shared_ptr<const CatalogSnapshot> snapshot() const {
        return current_.load(std::memory_order_acquire);
    }

    // Adds the product, or replaces the fields of the one with the same SKU (its reviews stay).
    // Writers are serialised; readers are never blocked.
    void upsert(const Product& product);
    void setReviews(const std::string& sku, std::vector<Review> reviews);

private:
    void publish(std::vector<CatalogEntry> entries);

    std::mutex writeMutex_;
    std::atomic<std::shared_ptr<const CatalogSnapshot>> current_;
};

} // namespace topcoat

#pragma once

// Where the shop's catalog, stock movements and sales are made durable. Implementations throw
// StorageError when the storage itself fails (disk full, I/O error); nothing is then changed.

#include "Clock.h"
#include "Product.h"
#include "Sale.h"
#include "WriteOff.h"

#include <cstdint>
#include <stdexcept>

namespace topcoat {

class StorageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class ShopRepository {
public:
    virtual ~ShopRepository() = default;
    virtual void insertProduct(const Product& product, std::int64_t initialStock, TimePoint at) = 0;
    virtual void updateProduct(const Product& product, TimePoint at) = 0;
    // `writeOff`: why, for a negative delta whose reason the owner gave (older clients give none).
    virtual void recordStockMovement(const std::string& sku, std::int64_t delta,
                                     const std::optional<WriteOffNote>& writeOff, TimePoint at) = 0;
    // Returns the new sale's id.
    virtual std::int64_t insertSale(const Sale& sale, TimePoint at) = 0;
    // Replaces the stored sale with `sale.id`: its name, times, limit and the whole item list.
    virtual void updateSale(const Sale& sale) = 0;
    virtual void cancelSale(std::int64_t id, TimePoint at) = 0;
};

} // namespace topcoat

#pragma once

// The core's shop repository on the SQLite store; database failures become StorageError.

#include "db/Store.h"
#include "server/core/ShopRepository.h"

namespace topcoat::storage {

class SqlShopRepository final : public ShopRepository {
public:
    explicit SqlShopRepository(db::Store& store) : store_(store) {}

    void insertProduct(const Product& product, std::int64_t initialStock, TimePoint at) override;
    void updateProduct(const Product& product, TimePoint at) override;
    void recordStockMovement(const std::string& sku, std::int64_t delta,
                             const std::optional<WriteOffNote>& writeOff, TimePoint at) override;
    std::int64_t insertSale(const Sale& sale, TimePoint at) override;
    void updateSale(const Sale& sale) override;
    void cancelSale(std::int64_t id, TimePoint at) override;

private:
    db::Store& store_;
};

} // namespace topcoat::storage

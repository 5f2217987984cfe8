#include "SqlShopRepository.h"

#include "RowConversion.h"
#include "TranslateDbError.h"

namespace topcoat::storage {

void SqlShopRepository::insertProduct(const Product& product, std::int64_t initialStock,
                                      TimePoint at) {
    translateDbError(
        [&] { store_.insertProduct(toRow(product), initialStock, toUnixSeconds(at)); });
}

void SqlShopRepository::updateProduct(const Product& product, TimePoint at) {
    translateDbError([&] { store_.updateProduct(toRow(product), toUnixSeconds(at)); });
}

void SqlShopRepository::recordStockMovement(const std::string& sku, std::int64_t delta,
                                            const std::optional<WriteOffNote>& writeOff,
                                            TimePoint at) {
    std::optional<db::WriteOffRow> row;
    if (writeOff)
        row = db::WriteOffRow{std::string(toString(writeOff->reason)), writeOff->note};
    translateDbError([&] { store_.insertStockMovement(sku, delta, toUnixSeconds(at), row); });
}

std::int64_t SqlShopRepository::insertSale(const Sale& sale, TimePoint at) {
    return translateDbError([&] { return store_.insertSale(toRow(sale), toUnixSeconds(at)); });
}

void SqlShopRepository::updateSale(const Sale& sale) {
    translateDbError([&] { store_.updateSale(toRow(sale)); });
}

void SqlShopRepository::cancelSale(std::int64_t id, TimePoint at) {
    translateDbError([&] { store_.cancelSale(id, toUnixSeconds(at)); });
}

} // namespace topcoat::storage

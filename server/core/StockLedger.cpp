#include "StockLedger.h"

namespace topcoat {

std::string StockLedger::limitKey(std::int64_t saleId, const std::string& sku,
                                  const std::string& customer) {
    return std::to_string(saleId) + '\x1f' + sku + '\x1f' + customer;
}

} // namespace topcoat

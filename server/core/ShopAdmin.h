#pragma once

// The owner's changes to the shop: products, stock and sales. Each change is validated against
// the current state, made durable, and only then published to the live catalog and schedule.

#include "Catalog.h"
#include "Clock.h"
#include "Result.h"
#include "SaleSchedule.h"
#include "ShopRepository.h"
#include "StockLedger.h"

#include <mutex>
#include <optional>
#include <string>
#include <vector>

namespace topcoat {

struct AdminError {
    enum class Kind {
        Invalid,
        UnknownSku,
        SkuExists,
        InsufficientStock,
        SaleOverlap,
        UnknownSale,
        SaleEnded,
        SaleNotEditable,
        ProductArchived, // a sale cannot sell an archived product
        SkuOnSale        // a product a scheduled or live sale sells cannot be archived
    };
    Kind kind;
    std::string message;
};

struct ProductChange {
    std::optional<std::string> name;
    std::optional<std::string> shadeHex;
    std::optional<std::int64_t> priceCents;
    std::optional<bool> archived;
};

struct NewSaleItem {
    std::string sku;
    std::int64_t salePriceCents = 0;
};

struct NewSale {
    std::string name;
    TimePoint startsAt;
    TimePoint endsAt;
    std::int64_t perCustomerLimit = 1;
    std::vector<NewSaleItem> items;
};

// An edit of a scheduled sale: the fields given replace the sale's; `items`, when given,
// replaces the whole list.
struct SaleChange {
    std::optional<std::string> name;
    std::optional<TimePoint> startsAt;
    std::optional<TimePoint> endsAt;
    std::optional<std::int64_t> perCustomerLimit;
    std::optional<std::vector<NewSaleItem>> items;
};

class ShopAdmin {
public:
    ShopAdmin(Catalog& catalog, SaleSchedule& sales, StockLedger& stock, ShopRepository& repository,
              const Clock& clock);

    // Field formats (SKU pattern, hex, ranges) are checked by the caller; these check the
    // rules that depend on the shop's state.
    Result<Product, AdminError> createProduct(const Product& product, std::int64_t stock);
    Result<Product, AdminError> updateProduct(const std::string& sku, const ProductChange& change);
    // A negative delta writes units off; `writeOff` (why) is stored with it when given.
    Result<Product, AdminError> restock(const std::string& sku, std::int64_t delta,
                                        const std::optional<WriteOffNote>& writeOff = {});
    Result<Sale, AdminError> createSale(const NewSale& sale);
    // Only a sale that has not started can change: a live one has sold at its terms already.
    Result<Sale, AdminError> updateSale(std::int64_t id, const SaleChange& change);
    Result<Sale, AdminError> cancelSale(std::int64_t id);

private:
    // The sale `request` describes, checked against the clock and the catalog but not yet
    // against other sales; its id is 0.
    Result<Sale, AdminError> checkedSale(const NewSale& request) const;

    Catalog& catalog_;
    SaleSchedule& sales_;
    StockLedger& stock_;
    ShopRepository& repository_;
    const Clock& clock_;
    std::mutex mutex_; // one change at a time: validation and publication must not interleave
};

} // namespace topcoat

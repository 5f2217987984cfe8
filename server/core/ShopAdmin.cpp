#include "ShopAdmin.h"

#include "Rfc3339.h"

#include <set>

namespace topcoat {
namespace {

Failure<AdminError> adminFail(AdminError::Kind kind, std::string message) {
    return fail(AdminError{kind, std::move(message)});
}

Failure<AdminError> unknownSku(const std::string& sku) {
    return adminFail(AdminError::Kind::UnknownSku, "no product has SKU " + sku);
}

Failure<AdminError> overlapFailure(const Sale& clash) {
    return adminFail(AdminError::Kind::SaleOverlap,
                     "overlaps sale " + std::to_string(clash.id) + " (" + clash.name + ", " +
                         formatRfc3339(clash.startsAt) + " to " + formatRfc3339(clash.endsAt) +
                         ") on a shared SKU");
}

} // namespace

ShopAdmin::ShopAdmin(Catalog& catalog, SaleSchedule& sales, StockLedger& stock,
                     ShopRepository& repository, const Clock& clock)
    : catalog_(catalog), sales_(sales), stock_(stock), repository_(repository), clock_(clock) {}

Result<Product, AdminError> ShopAdmin::createProduct(const Product& product, std::int64_t stock) {
    std::lock_guard lock(mutex_);
    if (catalog_.snapshot()->find(product.sku))
        return adminFail(AdminError::Kind::SkuExists,
                         "a product with SKU " + product.sku + " already exists");
    repository_.insertProduct(product, stock, clock_.now());
    stock_.adjust(product.sku, stock);
    catalog_.upsert(product);
    return product;
}

Result<Product, AdminError> ShopAdmin::updateProduct(const std::string& sku,
                                                     const ProductChange& change) {
    std::lock_guard lock(mutex_);
    const auto catalog = catalog_.snapshot();
    const auto* entry = catalog->find(sku);
    if (!entry)
        return unknownSku(sku);
    if (change.archived && *change.archived && !entry->product.archived) {
        // Customers were promised that sale; archiving would take it away mid-way.
        for (const auto& sale : *sales_.snapshot()) {
            const auto state = sale.stateAt(clock_.now());
            if (sale.item(sku) && (state == SaleState::Scheduled || state == SaleState::Live))
                return adminFail(AdminError::Kind::SkuOnSale,
                                 sku + " is sold in " + std::string(toString(state)) + " sale " +
                                     std::to_string(sale.id) + " (" + sale.name +
                                     "); cancel that sale or take " + sku +
                                     " out of it before archiving");
        }
    }
    if (change.priceCents) {
        // A scheduled or live sale must stay a discount.
        for (const auto& sale : *sales_.snapshot()) {
            const auto state = sale.stateAt(clock_.now());
            const auto* item = sale.item(sku);
            if (item && (state == SaleState::Scheduled || state == SaleState::Live) &&
                item->salePriceCents >= *change.priceCents)
                return adminFail(AdminError::Kind::Invalid,
                                 sku + " sells at " + std::to_string(item->salePriceCents) +
                                     " cents in sale " + std::to_string(sale.id) +
                                     "; its regular price must stay above that");
        }
    }
    Product product = entry->product;
    if (change.name)
        product.name = *change.name;
    if (change.shadeHex)
        product.shadeHex = *change.shadeHex;
    if (change.priceCents)
        product.priceCents = *change.priceCents;
    if (change.archived)
        product.archived = *change.archived;
    repository_.updateProduct(product, clock_.now());
    catalog_.upsert(product);
    return product;
}

Result<Product, AdminError> ShopAdmin::restock(const std::string& sku, std::int64_t delta,
                                               const std::optional<WriteOffNote>& writeOff) {
    std::lock_guard lock(mutex_);
    const auto catalog = catalog_.snapshot();
    const auto* entry = catalog->find(sku);
    if (!entry)
        return unknownSku(sku);
    if (writeOff && delta >= 0)
        return adminFail(AdminError::Kind::Invalid,
                         "a reason is given only with a write-off (a negative quantity)");
    if (delta < 0) {
        // Take the units first so no checkout can sell them while the write-off is recorded.
        if (!stock_.adjust(sku, delta))
            return adminFail(AdminError::Kind::InsufficientStock,
                             "only " + std::to_string(stock_.snapshot(sku).value().available) +
                                 " units are available to write off");
        try {
            repository_.recordStockMovement(sku, delta, writeOff, clock_.now());
        } catch (const StorageError&) {
            stock_.adjust(sku, -delta);
            throw;
        }
    } else if (delta > 0) {
        repository_.recordStockMovement(sku, delta, std::nullopt, clock_.now());
        stock_.adjust(sku, delta);
    }
    return entry->product;
}

Result<Sale, AdminError> ShopAdmin::checkedSale(const NewSale& request) const {
    if (request.endsAt <= request.startsAt)
        return adminFail(AdminError::Kind::Invalid, "ends_at must be after starts_at");
    if (request.endsAt <= clock_.now())
        return adminFail(AdminError::Kind::Invalid, "ends_at is in the past");
    if (request.perCustomerLimit < 1)
        return adminFail(AdminError::Kind::Invalid, "per_customer_limit must be at least 1");
    if (request.items.empty())
        return adminFail(AdminError::Kind::Invalid, "a sale needs at least one item");

    const auto catalog = catalog_.snapshot();
    Sale sale;
    sale.name = request.name;
    sale.startsAt = request.startsAt;
    sale.endsAt = request.endsAt;
    sale.perCustomerLimit = request.perCustomerLimit;
    std::set<std::string> seen;
    for (const auto& item : request.items) {
        const auto* entry = catalog->find(item.sku);
        if (!entry)
            return unknownSku(item.sku);
        if (entry->product.archived)
            return adminFail(AdminError::Kind::ProductArchived,
                             item.sku + " is archived; unarchive it to put it on sale");
        if (!seen.insert(item.sku).second)
            return adminFail(AdminError::Kind::Invalid, item.sku + " is listed twice");
        if (item.salePriceCents >= entry->product.priceCents)
            return adminFail(AdminError::Kind::Invalid,
                             "sale price of " + item.sku + " must be below its regular price of " +
                                 std::to_string(entry->product.priceCents) + " cents");
        sale.items.push_back(SaleItem{item.sku, item.salePriceCents});
    }
    return sale;
}

Result<Sale, AdminError> ShopAdmin::createSale(const NewSale& request) {
    std::lock_guard lock(mutex_);
    auto checked = checkedSale(request);
    if (!checked)
        return fail(checked.error());
    auto sale = std::move(checked).value();
    if (const auto clash = sales_.firstOverlap(sale))
        return overlapFailure(*clash);

    sale.id = repository_.insertSale(sale, clock_.now());
    const bool added = sales_.add(sale);
    assert(added); // overlap was checked under the same lock
    (void)added;
    return sale;
}

Result<Sale, AdminError> ShopAdmin::updateSale(std::int64_t id, const SaleChange& change) {
    std::lock_guard lock(mutex_);
    const auto current = sales_.find(id);
    if (!current)
        return adminFail(AdminError::Kind::UnknownSale, "no sale has id " + std::to_string(id));
    const auto state = current->stateAt(clock_.now());
    if (state != SaleState::Scheduled)
        return adminFail(AdminError::Kind::SaleNotEditable,
                         "sale " + std::to_string(id) + " is " + std::string(toString(state)) +
                             "; only a scheduled sale can be edited");

    NewSale request{change.name.value_or(current->name),
                    change.startsAt.value_or(current->startsAt),
                    change.endsAt.value_or(current->endsAt),
                    change.perCustomerLimit.value_or(current->perCustomerLimit),
                    {}};
    if (change.items)
        request.items = *change.items;
    else
        for (const auto& item : current->items)
            request.items.push_back({item.sku, item.salePriceCents});
    auto checked = checkedSale(request);
    if (!checked)
        return fail(checked.error());
    auto sale = std::move(checked).value();
    sale.id = id;
    // Kept SKUs keep their counters, so every snapshot still counts into one place.
    for (auto& item : sale.items)
        if (const auto* before = current->item(item.sku))
            item.sold = before->sold;
    if (const auto clash = sales_.firstOverlap(sale)) // never the sale itself
        return overlapFailure(*clash);

    repository_.updateSale(sale);
    const bool replaced = sales_.replace(sale);
    assert(replaced); // found and overlap-checked under the same lock
    (void)replaced;
    return sale;
}

Result<Sale, AdminError> ShopAdmin::cancelSale(std::int64_t id) {
    std::lock_guard lock(mutex_);
    const auto sale = sales_.find(id);
    if (!sale)
        return adminFail(AdminError::Kind::UnknownSale, "no sale has id " + std::to_string(id));
    if (sale->cancelled)
        return *sale;
    if (sale->stateAt(clock_.now()) == SaleState::Ended)
        return adminFail(AdminError::Kind::SaleEnded,
                         "sale " + std::to_string(id) + " has already ended");
    repository_.cancelSale(id, clock_.now());
    return *sales_.cancel(id);
}

} // namespace topcoat

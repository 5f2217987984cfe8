#include "Checkout.h"

namespace topcoat {

namespace {

CheckoutError passError(PassCheck check) {
    switch (check) {
    case PassCheck::Missing:
        return CheckoutError::QueuePassMissing;
    case PassCheck::Expired:
        return CheckoutError::QueuePassExpired;
    case PassCheck::Used:
        return CheckoutError::QueuePassUsed;
    case PassCheck::Malformed:
    case PassCheck::Forged:
    case PassCheck::Forgotten:
    case PassCheck::Valid:
    case PassCheck::Replayed:
        break;
    }
    return CheckoutError::QueuePassInvalid;
}

} // namespace

CheckoutService::CheckoutService(Catalog& catalog, SaleSchedule& sales, StockLedger& stock,
                                 IdempotencyStore& idempotency, WaitingRoom& room, OrderSink& sink,
                                 OrderIdGenerator& ids, const Clock& clock)
    : catalog_(catalog), sales_(sales), stock_(stock), idempotency_(idempotency), room_(room),
      sink_(sink), ids_(ids), clock_(clock) {}

Result<Order, CheckoutError> CheckoutService::checkout(const CheckoutRequest& request) {
    if (!room_.enabled())
        return checkoutOnce(request);
    // Only an admitted customer's own pass gets through, once; a retry with the same
    // idempotency key replays its order and never frees the pass.
    const auto check = room_.claim(request.queuePass, request.customer, clock_.now(),
                                   request.idempotencyKey.value_or(""));
    if (check != PassCheck::Valid && check != PassCheck::Replayed)
        return fail(passError(check));
    if (check == PassCheck::Replayed)
        return checkoutOnce(request);
    std::optional<Result<Order, CheckoutError>> result;
    try {
        result.emplace(checkoutOnce(request));
    } catch (...) {
        room_.release(request.queuePass); // nothing bought: the pass stays good
        throw;
    }
    if (!*result)
        room_.release(request.queuePass);
    return std::move(*result);
}

Result<Order, CheckoutError> CheckoutService::checkoutOnce(const CheckoutRequest& request) {
    if (!request.idempotencyKey)
        return placeOrder(request);

    const auto& key = *request.idempotencyKey;
    const auto fingerprint = IdempotencyStore::fingerprintOf(request.sku, request.quantity,
                                                             request.customer, request.shipping);
    const auto claim = idempotency_.claim(key, fingerprint);
    if (const auto* replay = std::get_if<IdempotencyStore::Replay>(&claim))
        return replay->order;
    if (std::holds_alternative<IdempotencyStore::Mismatch>(claim))
        return fail(CheckoutError::IdempotencyKeyReused);

    std::optional<Result<Order, CheckoutError>> placed;
    try {
        placed.emplace(placeOrder(request));
    } catch (...) {
        idempotency_.abandon(key); // waiters must not wait for an attempt that is gone
        throw;
    }
    auto& result = *placed;
    if (!result && result.error() == CheckoutError::NotDurable)
        if (auto earlier = committedElsewhere(key)) {
            // A retry that reached this storefront after another one committed the key: that
            // order is the answer, as it would have been there.
            if (IdempotencyStore::fingerprintOf(earlier->sku, earlier->quantity, earlier->customer,
                                                earlier->shipping) != fingerprint) {
                idempotency_.abandon(key);
                return fail(CheckoutError::IdempotencyKeyReused);
            }
            idempotency_.complete(key, *earlier);
            return *earlier;
        }
    if (result)
        idempotency_.complete(key, result.value());
    else
        idempotency_.abandon(key);
    return result;
}

std::optional<Order> CheckoutService::committedElsewhere(const std::string& key) {
    try {
        return sink_.findByIdempotencyKey(key);
    } catch (const std::exception&) {
        return std::nullopt; // the store is away: the checkout's own 503 stands
    }
}

Result<Order, CheckoutError> CheckoutService::placeOrder(const CheckoutRequest& request) {
    const auto catalog = catalog_.snapshot();
    const auto* entry = catalog->find(request.sku);
    if (!entry)
        return fail(CheckoutError::UnknownSku);
    if (entry->product.archived)
        return fail(CheckoutError::ProductArchived);

    const auto now = clock_.now();
    const auto live = sales_.liveItem(request.sku, now);
    std::optional<LimitClaim> claim;
    if (live)
        claim = LimitClaim{StockLedger::limitKey(live->sale->id, request.sku, request.customer),
                           live->sale->perCustomerLimit};

    // The order id names the reservation, so a shared stock store can match it to the order.
    const auto orderId = ids_.next();
    switch (stock_.reserve(request.sku, request.quantity, claim, orderId)) {
    case ReserveOutcome::SoldOut:
        return fail(CheckoutError::SoldOut);
    case ReserveOutcome::LimitReached:
        return fail(CheckoutError::PurchaseLimitReached);
    case ReserveOutcome::Reserved:
        break;
    }

    Order order;
    order.orderId = orderId;
    order.sku = request.sku;
    order.quantity = request.quantity;
    order.unitPriceCents = live ? live->item->salePriceCents : entry->product.priceCents;
    order.totalCents = order.unitPriceCents * order.quantity;
    order.customer = request.customer;
    order.shipping = request.shipping;
    order.createdAt = now;
    if (live)
        order.saleId = live->sale->id;
    order.idempotencyKey = request.idempotencyKey;

    bool durable = false;
    try {
        durable = sink_.persist(order);
    } catch (...) {
        stock_.release(request.sku, request.quantity, claim, orderId);
        throw;
    }
    if (!durable) {
        stock_.release(request.sku, request.quantity, claim, orderId);
        return fail(CheckoutError::NotDurable);
    }
    stock_.commit(request.sku, request.quantity, orderId);
    if (live)
        live->item->sold->fetch_add(request.quantity, std::memory_order_relaxed);
    return order;
}

} // namespace topcoat

#include "CheckoutRoute.h"

#include "RequestFields.h"
#include "Views.h"
#include "server/core/Validation.h"

#include <spdlog/spdlog.h>
#include <tuple>

namespace topcoat::http {
namespace {

struct Refusal {
    CheckoutOutcome outcome;
    ApiError error;
    const char* message;
};

Refusal refusalFor(CheckoutError error) {
    switch (error) {
    case CheckoutError::UnknownSku:
        return {CheckoutOutcome::Rejected, ApiError::UnknownSku, "no product has this SKU"};
    case CheckoutError::ProductArchived:
        // The same code as an unknown SKU, so a page that handles that handles this too.
        return {CheckoutOutcome::Rejected, ApiError::UnknownSku, "this product is no longer sold"};
    case CheckoutError::SoldOut:
        return {CheckoutOutcome::SoldOut, ApiError::SoldOut,
                "not enough stock left for this quantity"};
    case CheckoutError::PurchaseLimitReached:
        return {CheckoutOutcome::LimitReached, ApiError::PurchaseLimitReached,
                "this would exceed the sale's limit per customer"};
    case CheckoutError::IdempotencyKeyReused:
        return {CheckoutOutcome::Rejected, ApiError::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request"};
    case CheckoutError::NotDurable:
        return {CheckoutOutcome::Error, ApiError::Unavailable,
                "the order could not be saved; nothing was charged or taken"};
    case CheckoutError::QueuePassMissing:
        return {CheckoutOutcome::Rejected, ApiError::QueuePassRequired,
                "the waiting room is on: join it with POST /api/queue and check out with the "
                "X-Queue-Pass it gives you"};
    case CheckoutError::QueuePassExpired:
        return {CheckoutOutcome::Rejected, ApiError::QueuePassRequired,
                "this queue pass has expired; join the waiting room again"};
    case CheckoutError::QueuePassUsed:
        return {CheckoutOutcome::Rejected, ApiError::QueuePassRequired,
                "this queue pass has already been used for an order"};
    case CheckoutError::QueuePassInvalid:
        return {CheckoutOutcome::Rejected, ApiError::QueuePassRequired,
                "this queue pass is not valid for this customer"};
    }
    return {CheckoutOutcome::Error, ApiError::Internal, "internal error"};
}

// The optional "shipping" object: every field a string, the address as ShippingAddress says.
std::optional<ShippingAddress> shippingOf(RequestFields& fields) {
    const auto object = fields.object("shipping", Presence::Optional);
    if (!object || fields.failed())
        return std::nullopt;
    RequestFields inner(object);
    ShippingAddress address;
    for (const auto& [name, presence, into] :
         {std::tuple{"name", Presence::Required, &address.name},
          std::tuple{"line1", Presence::Required, &address.line1},
          std::tuple{"line2", Presence::Optional, &address.line2},
          std::tuple{"city", Presence::Required, &address.city},
          std::tuple{"postal_code", Presence::Optional, &address.postalCode},
          std::tuple{"country", Presence::Required, &address.country}})
        if (const auto value = inner.string(name, presence))
            *into = *value;
    if (inner.failed()) {
        fields.reject("shipping: " + inner.error());
        return std::nullopt;
    }
    if (const auto problem = shippingProblem(address)) {
        fields.reject(*problem);
        return std::nullopt;
    }
    return address;
}

} // namespace

HttpResponse CheckoutRoute::checkout(const HttpRequest& request) {
    auto& metrics = metrics_;
    RequestFields fields(request.body);
    const auto sku = fields.string("sku", Presence::Required, isValidSku, "a SKU like NP-001");
    const auto quantity = fields.integer("quantity", Presence::Required, 1, maxQuantity);
    const auto customerText =
        fields.string("customer", Presence::Required, {}, "the customer's e-mail address");
    std::optional<std::string> customer;
    if (customerText && !(customer = canonicalCustomer(*customerText)))
        fields.reject("customer must be the customer's e-mail address");
    const auto shipping = shippingOf(fields);
    std::optional<std::string> idempotencyKey;
    if (request.hasHeader("Idempotency-Key")) {
        idempotencyKey = request.header("Idempotency-Key");
        if (!isValidIdempotencyKey(*idempotencyKey))
            fields.reject("Idempotency-Key must be 1 to 64 printable characters");
    }
    if (fields.failed()) {
        metrics.checkoutFinished(CheckoutOutcome::Rejected);
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());
    }

    const auto result = checkout_.checkout(CheckoutRequest{
        *sku, *quantity, *customer, idempotencyKey, request.header("X-Queue-Pass"), shipping});
    if (!result) {
        const auto refusal = refusalFor(result.error());
        metrics.checkoutFinished(refusal.outcome);
        if (refusal.outcome == CheckoutOutcome::Error)
            spdlog::get("checkout")->error("order for {} x{} not durable", *sku, *quantity);
        return HttpResponse::error(refusal.error, refusal.message);
    }
    metrics.checkoutFinished(CheckoutOutcome::Confirmed);
    auto response = HttpResponse::json(201, orderJson(result.value()));
    response.headers.emplace_back("Location", "/api/orders/" + result->orderId);
    return response;
}

} // namespace topcoat::http

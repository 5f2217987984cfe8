#pragma once

// Every error the API can answer with, mapped to its HTTP status and wire code in one place.

#include <string>
#include <string_view>

namespace topcoat::http {

enum class ApiError {
    InvalidRequest,
    Unauthorized,
    QueuePassRequired,
    NotFound,
    UnknownSku,
    UnknownOrder,
    UnknownSale,
    UnknownTicket,
    MethodNotAllowed,
    SoldOut,
    SkuExists,
    SaleOverlap,
    SaleEnded,
    QueueClosed,
    SaleNotEditable,
    InsufficientStock,
    PayloadTooLarge,
    IdempotencyKeyReused,
    PurchaseLimitReached,
    RateLimited,
    Internal,
    Unavailable,
    Overloaded,
    NotReady,
};

int httpStatus(ApiError error);
std::string_view wireCode(ApiError error);

// {"error":{"code":"...","message":"..."}}
std::string errorBody(ApiError error, std::string_view message);

} // namespace topcoat::http

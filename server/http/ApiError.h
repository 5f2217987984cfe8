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
    UnknownWebhook,
    UnknownDelivery,
    UnknownTemplate,
    MethodNotAllowed,
    RequestTimeout,
    SoldOut,
    SkuExists,
    SaleOverlap,
    SaleEnded,
    QueueClosed,
    SaleNotEditable,
    ProductArchived,
    SkuOnSale,
    InsufficientStock,
    InvalidTransition,
    MailNotConfigured,
    PayloadTooLarge,
    UnsupportedMediaType,
    IdempotencyKeyReused,
    PurchaseLimitReached,
    RateLimited,
    HeadersTooLarge,
    Internal,
    NotImplemented,
    MailNotSent,
    Unavailable,
    Overloaded,
    NotReady,
    HttpVersionNotSupported,
};

int httpStatus(ApiError error);
std::string_view wireCode(ApiError error);

// {"error":{"code":"...","message":"..."}}; bytes of `message` that are not UTF-8 become U+FFFD.
std::string errorBody(ApiError error, std::string_view message);

} // namespace topcoat::http

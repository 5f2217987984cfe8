#include "ApiError.h"

#include "JsonWriter.h"

namespace topcoat::http {

int httpStatus(ApiError error) {
    switch (error) {
    case ApiError::InvalidRequest:
        return 400;
    case ApiError::Unauthorized:
        return 401;
    case ApiError::QueuePassRequired:
        return 403;
    case ApiError::NotFound:
    case ApiError::UnknownSku:
    case ApiError::UnknownOrder:
    case ApiError::UnknownSale:
    case ApiError::UnknownTicket:
    case ApiError::UnknownWebhook:
    case ApiError::UnknownDelivery:
    case ApiError::UnknownTemplate:
        return 404;
    case ApiError::MethodNotAllowed:
        return 405;
    case ApiError::RequestTimeout:
        return 408;
    case ApiError::SoldOut:
    case ApiError::SkuExists:
    case ApiError::SaleOverlap:
    case ApiError::SaleEnded:
    case ApiError::QueueClosed:
    case ApiError::SaleNotEditable:
    case ApiError::ProductArchived:
    case ApiError::SkuOnSale:
    case ApiError::InsufficientStock:
    case ApiError::InvalidTransition:
    case ApiError::MailNotConfigured:
        return 409;
    case ApiError::PayloadTooLarge:
        return 413;
    case ApiError::UnsupportedMediaType:
        return 415;
    case ApiError::IdempotencyKeyReused:
        return 422;
    case ApiError::PurchaseLimitReached:
    case ApiError::RateLimited:
        return 429;
    case ApiError::HeadersTooLarge:
        return 431;
    case ApiError::Internal:
        return 500;
    case ApiError::NotImplemented:
        return 501;
    case ApiError::MailNotSent:
        return 502;
    case ApiError::Unavailable:
    case ApiError::Overloaded:
    case ApiError::NotReady:
        return 503;
    case ApiError::HttpVersionNotSupported:
        return 505;
    }
    return 500;
}

std::string_view wireCode(ApiError error) {
    switch (error) {
    case ApiError::InvalidRequest:
        return "invalid_request";
    case ApiError::Unauthorized:
        return "unauthorized";
    case ApiError::QueuePassRequired:
        return "queue_pass_required";
    case ApiError::NotFound:
        return "not_found";
    case ApiError::UnknownSku:
        return "unknown_sku";
    case ApiError::UnknownOrder:
        return "unknown_order";
    case ApiError::UnknownSale:
        return "unknown_sale";
    case ApiError::UnknownTicket:
        return "unknown_ticket";
    case ApiError::UnknownWebhook:
        return "unknown_webhook";
    case ApiError::UnknownDelivery:
        return "unknown_delivery";
    case ApiError::UnknownTemplate:
        return "unknown_template";
    case ApiError::MethodNotAllowed:
        return "method_not_allowed";
    case ApiError::RequestTimeout:
        return "request_timeout";
    case ApiError::SoldOut:
        return "sold_out";
    case ApiError::SkuExists:
        return "sku_exists";
    case ApiError::SaleOverlap:
        return "sale_overlap";
    case ApiError::SaleEnded:
        return "sale_ended";
    case ApiError::QueueClosed:
        return "queue_closed";
    case ApiError::SaleNotEditable:
        return "sale_not_editable";
    case ApiError::ProductArchived:
        return "product_archived";
    case ApiError::SkuOnSale:
        return "sku_on_sale";
    case ApiError::InsufficientStock:
        return "insufficient_stock";
    case ApiError::InvalidTransition:
        return "invalid_transition";
    case ApiError::MailNotConfigured:
        return "mail_not_configured";
    case ApiError::PayloadTooLarge:
        return "payload_too_large";
    case ApiError::UnsupportedMediaType:
        return "unsupported_media_type";
    case ApiError::IdempotencyKeyReused:
        return "idempotency_key_reused";
    case ApiError::PurchaseLimitReached:
        return "purchase_limit_reached";
    case ApiError::RateLimited:
        return "rate_limited";
    case ApiError::HeadersTooLarge:
        return "headers_too_large";
    case ApiError::Internal:
        return "internal_error";
    case ApiError::NotImplemented:
        return "not_implemented";
    case ApiError::MailNotSent:
        return "mail_not_sent";
    case ApiError::Unavailable:
        return "unavailable";
    case ApiError::Overloaded:
        return "overloaded";
    case ApiError::NotReady:
        return "not_ready";
    case ApiError::HttpVersionNotSupported:
        return "http_version_not_supported";
    }
    return "internal_error";
}

std::string errorBody(ApiError error, std::string_view message) {
    JsonWriter json;
    json.beginObject().key("error").beginObject();
    json.field("code", wireCode(error)).field("message", message);
    json.endObject().endObject();
    return json.take();
}

} // namespace topcoat::http

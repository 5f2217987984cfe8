#pragma once

// Maps the shop administration's refusals onto API errors.

#include "HttpExchange.h"
#include "server/core/ShopAdmin.h"

namespace topcoat::http {

inline HttpResponse adminErrorResponse(const AdminError& error) {
    const auto code = [&] {
        switch (error.kind) {
        case AdminError::Kind::Invalid:
            return ApiError::InvalidRequest;
        case AdminError::Kind::UnknownSku:
            return ApiError::UnknownSku;
        case AdminError::Kind::SkuExists:
            return ApiError::SkuExists;
        case AdminError::Kind::InsufficientStock:
            return ApiError::InsufficientStock;
        case AdminError::Kind::SaleOverlap:
            return ApiError::SaleOverlap;
        case AdminError::Kind::UnknownSale:
            return ApiError::UnknownSale;
        case AdminError::Kind::SaleEnded:
            return ApiError::SaleEnded;
        case AdminError::Kind::SaleNotEditable:
            return ApiError::SaleNotEditable;
        case AdminError::Kind::ProductArchived:
            return ApiError::ProductArchived;
        case AdminError::Kind::SkuOnSale:
            return ApiError::SkuOnSale;
        }
        return ApiError::Internal;
    }();
    return HttpResponse::error(code, error.message);
}

} // namespace topcoat::http

#pragma once

// POST /api/checkout: validate the body, run the checkout, answer 201 only once the order is
// durable, and count the outcome.

#include "Router.h"
#include "server/core/Checkout.h"
#include "server/core/Metrics.h"

namespace topcoat::http {

inline constexpr std::string_view checkoutPath = "/api/checkout";

class CheckoutRoute {
public:
    CheckoutRoute(CheckoutService& checkout, Metrics& metrics)
        : checkout_(checkout), metrics_(metrics) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse checkout(const HttpRequest& request);

    static constexpr std::int64_t maxQuantity = 1000;

private:
    CheckoutService& checkout_;
    Metrics& metrics_;
};

} // namespace topcoat::http

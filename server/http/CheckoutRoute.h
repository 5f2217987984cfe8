#pragma once

// POST /api/checkout: validate the body, run the checkout, answer 201 only once the order is
// durable, and count the outcome.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

inline constexpr std::string_view checkoutPath = "/api/checkout";

class CheckoutRoute {
public:
    explicit CheckoutRoute(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

    static constexpr std::int64_t maxQuantity = 1000;

private:
    HttpResponse checkout(const HttpRequest& request);

    const ShopServices& services_;
};

} // namespace topcoat::http

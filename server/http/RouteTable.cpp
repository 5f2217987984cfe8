#include "RouteTable.h"

namespace topcoat::http {

// Health checks are never limited or shed: load balancers and monitors must see the truth while
// customers are. The page, its files and the waiting room are rate limited but never shed: a
// customer turned away from them cannot even get in line, and each is a shared buffer or a few
// lookups; so is the shop's name and logo, which the page needs to look like itself. Everything
// else on the storefront is rate limited, then shed above max_in_flight.
void addStorefrontRoutes(Router& router, const RouteHandlers& h) {
    using enum Guarded;
    constexpr auto anyone = Access::Public;
    // Checkout waits for its commit and an order is read from the database: those run on
    // workers; the rest answer from memory on the I/O thread.
    constexpr auto inline_ = Runs::Inline;
    constexpr auto worker = Runs::OnWorker;
    // clang-format off
    router.add("GET",  "/healthz",                call(h.health, &HealthRoutes::health),        Never,         anyone, inline_);
    router.add("GET",  "/readyz",                 call(h.health, &HealthRoutes::ready),         Never,         anyone, inline_);
    router.add("GET",  "/",                       call(h.page, &StaticRoutes::page),            RateLimitOnly, anyone, inline_);
    router.add("GET",  "/static/{file}",          call(h.page, &StaticRoutes::file),            RateLimitOnly, anyone, inline_);
    router.add("GET",  "/api/shop",               call(h.shop, &ShopIdentityRoutes::storefront), RateLimitOnly, anyone, inline_);
    router.add("GET",  "/api/shop/logo",          call(h.shop, &ShopIdentityRoutes::logo),      RateLimitOnly, anyone, inline_);
    router.add("GET",  "/api/queue",              call(h.queue, &QueueRoutes::state),           RateLimitOnly, anyone, inline_);
    router.add("POST", "/api/queue",              call(h.queue, &QueueRoutes::join),            RateLimitOnly, anyone, inline_);
    router.add("GET",  "/api/queue/{ticket}",     call(h.queue, &QueueRoutes::ticket),          RateLimitOnly, anyone, inline_);
    router.add("GET",  "/api/products",           call(h.products, &ProductRoutes::list),       Fully,         anyone, inline_);
    router.add("GET",  "/api/products/{sku}",     call(h.products, &ProductRoutes::detail),     Fully,         anyone, inline_);
    router.add("GET",  "/api/stock",              call(h.stock, &StockRoutes::stock),           Fully,         anyone, inline_);
    router.add("GET",  "/api/sales/current",      call(h.sales, &SaleRoutes::current),          Fully,         anyone, inline_);
    router.add("POST", std::string(checkoutPath), call(h.checkout, &CheckoutRoute::checkout),   Fully,         anyone, worker);
    router.add("GET",  "/api/orders/{order_id}",  call(h.orders, &OrderRoutes::find),           Fully,         anyone, worker);
    // clang-format on
}

// The admin port has no rate limit or shedding; all but health and metrics need the token.
void addAdminRoutes(Router& router, const RouteHandlers& h) {
    constexpr auto none = Guarded::Never;
    constexpr auto anyone = Access::Public;
    constexpr auto owner = Access::Owner;
    constexpr auto worker = Runs::OnWorker; // reads and writes the database
    // clang-format off
    router.add("GET",    "/healthz",                      call(h.health, &HealthRoutes::health),               none, anyone, worker);
    router.add("GET",    "/readyz",                       call(h.health, &HealthRoutes::ready),                none, anyone, worker);
    router.add("GET",    "/metrics",                      call(h.metrics, &MetricsRoute::metrics),             none, anyone, worker);
    router.add("GET",    "/admin/status",                 call(h.status, &StatusRoutes::status),               none, owner, worker);
    router.add("GET",    "/admin/stats",                  call(h.status, &StatusRoutes::stats),                none, owner, worker);
    router.add("GET",    "/admin/cluster",                call(h.cluster, &ClusterRoutes::cluster),            none, owner, worker);
    router.add("GET",    "/admin/logs",                   call(h.status, &StatusRoutes::logs),                 none, owner, worker);
    router.add("GET",    "/admin/products",               call(h.adminProducts, &AdminProductRoutes::list),    none, owner, worker);
    router.add("POST",   "/admin/products",               call(h.adminProducts, &AdminProductRoutes::create),  none, owner, worker);
    router.add("PUT",    "/admin/products/{sku}",         call(h.adminProducts, &AdminProductRoutes::update),  none, owner, worker);
    router.add("POST",   "/admin/products/{sku}/restock", call(h.adminProducts, &AdminProductRoutes::restock), none, owner, worker);
    router.add("GET",    "/admin/sales",                  call(h.sales, &SaleRoutes::list),                    none, owner, worker);
    router.add("POST",   "/admin/sales",                  call(h.sales, &SaleRoutes::create),                  none, owner, worker);
    router.add("PUT",    "/admin/sales/{id}",             call(h.sales, &SaleRoutes::update),                  none, owner, worker);
    router.add("DELETE", "/admin/sales/{id}",             call(h.sales, &SaleRoutes::cancel),                  none, owner, worker);
    router.add("GET",    "/admin/orders",                 call(h.orders, &OrderRoutes::page),                  none, owner, worker);
    router.add("GET",    "/admin/orders/{order_id}",      call(h.orders, &OrderRoutes::detail),                none, owner, worker);
    router.add("POST",   "/admin/orders/{order_id}/status", call(h.orders, &OrderRoutes::changeStatus),        none, owner, worker);
    router.add("GET",    "/admin/webhooks",               call(h.webhooks, &WebhookRoutes::list),              none, owner, worker);
    router.add("POST",   "/admin/webhooks",               call(h.webhooks, &WebhookRoutes::create),            none, owner, worker);
    router.add("DELETE", "/admin/webhooks/{id}",          call(h.webhooks, &WebhookRoutes::remove),            none, owner, worker);
    router.add("GET",    "/admin/outbox",                 call(h.outbox, &OutboxRoutes::list),                 none, owner, worker);
    router.add("POST",   "/admin/outbox/retry",           call(h.outbox, &OutboxRoutes::retry),                none, owner, worker);
    router.add("GET",    "/admin/mail",                   call(h.mail, &MailRoutes::current),                  none, owner, worker);
    router.add("PUT",    "/admin/mail/templates/{kind}",  call(h.mail, &MailRoutes::change),                   none, owner, worker);
    router.add("DELETE", "/admin/mail/templates/{kind}",  call(h.mail, &MailRoutes::reset),                    none, owner, worker);
    router.add("POST",   "/admin/mail/test",              call(h.mail, &MailRoutes::sendTest),                 none, owner, worker);
    router.add("GET",    "/admin/degradation",            call(h.degradation, &DegradationRoutes::current),    none, owner, worker);
    router.add("PUT",    "/admin/degradation",            call(h.degradation, &DegradationRoutes::change),     none, owner, worker);
    router.add("GET",    "/admin/protection",             call(h.protection, &ProtectionRoutes::current),      none, owner, worker);
    router.add("PUT",    "/admin/protection",             call(h.protection, &ProtectionRoutes::change),       none, owner, worker);
    router.add("GET",    "/admin/shop",                   call(h.shop, &ShopIdentityRoutes::current),          none, owner, worker);
    router.add("PUT",    "/admin/shop",                   call(h.shop, &ShopIdentityRoutes::change),           none, owner, worker);
    router.add("PUT",    "/admin/shop/logo",              call(h.shop, &ShopIdentityRoutes::changeLogo),       none, owner, worker);
    router.add("GET",    "/admin/shop/currencies",        call(h.shop, &ShopIdentityRoutes::currencies),       none, owner, worker);
    // clang-format on
}

} // namespace topcoat::http

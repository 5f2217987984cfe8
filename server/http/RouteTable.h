#pragma once

// Every route of both ports in one table: method, path, the handler, which of the storefront's
// defences it stands behind, and who may call it.

#include "AdminProductRoutes.h"
#include "CheckoutRoute.h"
#include "ClusterRoutes.h"
#include "DegradationRoutes.h"
#include "HealthRoutes.h"
#include "MailRoutes.h"
#include "MetricsRoute.h"
#include "OrderRoutes.h"
#include "OutboxRoutes.h"
#include "ProductRoutes.h"
#include "ProtectionRoutes.h"
#include "QueueRoutes.h"
#include "Router.h"
#include "SaleRoutes.h"
#include "ShopIdentityRoutes.h"
#include "StaticRoutes.h"
#include "StatusRoutes.h"
#include "StockRoutes.h"
#include "WebhookRoutes.h"

namespace topcoat::http {

struct RouteHandlers {
    HealthRoutes& health;
    StaticRoutes& page;
    ProductRoutes& products;
    StockRoutes& stock;
    SaleRoutes& sales;
    CheckoutRoute& checkout;
    OrderRoutes& orders;
    QueueRoutes& queue;
    StatusRoutes& status;
    AdminProductRoutes& adminProducts;
    DegradationRoutes& degradation;
    ProtectionRoutes& protection;
    MetricsRoute& metrics;
    ShopIdentityRoutes& shop;
    ClusterRoutes& cluster;
    WebhookRoutes& webhooks;
    OutboxRoutes& outbox;
    MailRoutes& mail;
};

void addStorefrontRoutes(Router& router, const RouteHandlers& h);
void addAdminRoutes(Router& router, const RouteHandlers& h);

} // namespace topcoat::http

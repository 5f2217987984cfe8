#pragma once

// Request bodies and admin look-ups the HTTP tests share: fresh SKUs, products, sales,
// checkouts, stock, every order, and a fingerprint of the whole shop for "nothing changed".

#include "tests/support/HttpClient.h"

#include <Poco/JSON/Object.h>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace topcoat::test {

// A SKU no earlier call in this process returned, e.g. "T-CHK-7": tests never share products.
std::string freshSku(const std::string& tag);

std::string productBody(const std::string& sku, std::int64_t priceCents, std::int64_t stock,
                        const std::string& name = "Test polish",
                        const std::string& shadeHex = "#a01030");
std::string checkoutBody(const std::string& sku, std::int64_t quantity,
                         const std::string& customer = "ana@example.com");
// {"items":[…]} alone, for an edit that replaces a sale's items: (sku, sale_price_cents).
std::string saleItemsBody(const std::vector<std::pair<std::string, std::int64_t>>& items);
// items: (sku, sale_price_cents)
std::string saleBody(const std::string& name, const std::string& startsAt,
                     const std::string& endsAt, std::int64_t perCustomerLimit,
                     const std::vector<std::pair<std::string, std::int64_t>>& items);

// Now plus `offset`, as RFC 3339 UTC with whole seconds.
std::string rfc3339FromNow(std::chrono::seconds offset);

// POST /admin/products; throws std::runtime_error unless it answers 201.
Poco::JSON::Object::Ptr createProduct(HttpClient& admin, const std::string& sku,
                                      std::int64_t priceCents, std::int64_t stock,
                                      const std::string& shadeHex = "#a01030");
// createProduct under a freshSku(tag), so no other test can touch it; returns that SKU.
std::string createFreshProduct(HttpClient& admin, const std::string& tag, std::int64_t priceCents,
                               std::int64_t stock, const std::string& shadeHex = "#a01030");
// POST /admin/sales with saleBody(...); throws std::runtime_error unless it answers 201.
Poco::JSON::Object::Ptr createSale(HttpClient& admin, const std::string& name,
                                   const std::string& startsAt, const std::string& endsAt,
                                   std::int64_t perCustomerLimit,
                                   const std::vector<std::pair<std::string, std::int64_t>>& items);
// POST /admin/sales live from an hour ago to an hour from now; throws unless 201.
Poco::JSON::Object::Ptr
createLiveSale(HttpClient& admin, std::int64_t perCustomerLimit,
               const std::vector<std::pair<std::string, std::int64_t>>& items);
// The sale with this id in GET /admin/sales; null when it is not listed.
Poco::JSON::Object::Ptr saleById(HttpClient& admin, std::int64_t id);

// The product in GET /admin/products; null when it is not listed. Throws unless it answers 200.
Poco::JSON::Object::Ptr productBySku(HttpClient& admin, const std::string& sku);
// The product's "stock" in GET /admin/products; -1 when it is not listed.
std::int64_t stockOf(HttpClient& admin, const std::string& sku);
// Every order, following GET /admin/orders cursors; throws on a page that is not 200.
std::vector<Poco::JSON::Object::Ptr> allOrders(HttpClient& admin, int pageSize = 1000);
// Products, sales, degradation switches, protection settings, the shop's identity and the
// number of orders, as one comparable string.
std::string shopState(HttpClient& admin);

} // namespace topcoat::test

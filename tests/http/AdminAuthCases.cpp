#include "AdminAuthCases.h"

#include "ShopRequests.h"

#include <Poco/Base64Encoder.h>
#include <algorithm>
#include <sstream>

using namespace std::chrono_literals;

namespace topcoat::test {
namespace {

std::string base64(const std::string& text) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder << text;
    encoder.close();
    return out.str();
}

} // namespace

std::vector<AdminRequest> adminRequests(const std::string& sku, long long saleId,
                                        long long scheduledSaleId) {
    const auto sale = "/admin/sales/" + std::to_string(saleId);
    const auto scheduled = "/admin/sales/" + std::to_string(scheduledSaleId);
    const auto product = "/admin/products/" + sku;
    const auto newProduct = productBody(sku + "-X", 100, 5);
    const auto newSale = saleBody("Sneaky", rfc3339FromNow(2h), rfc3339FromNow(3h), 1, {{sku, 1}});
    std::vector<AdminRequest> requests = {
        {"GET", "/admin/status", ""},
        {"GET", "/admin/cluster", ""},
        {"GET", "/admin/products", ""},
        {"POST", "/admin/products", newProduct},
        {"PUT", product, R"({"name":"Hijacked","price_cents":1})"},
        {"POST", product + "/restock", R"({"quantity":-5})"},
        {"GET", "/admin/sales", ""},
        {"POST", "/admin/sales", newSale},
        {"PUT", scheduled, R"({"name":"Hijacked","per_customer_limit":1000})"},
        {"DELETE", sale, ""},
        {"GET", "/admin/orders", ""},
        {"GET", "/admin/orders?limit=1&after=0", ""},
        {"GET", "/admin/orders/20260101-NOBODY", ""},
        {"POST", "/admin/orders/20260101-NOBODY/status", R"({"status":"cancelled"})"},
        {"GET", "/admin/webhooks", ""},
        {"POST", "/admin/webhooks", R"({"url":"http://127.0.0.1:9/stolen"})"},
        {"DELETE", "/admin/webhooks/1", ""},
        {"GET", "/admin/outbox", ""},
        {"GET", "/admin/outbox?state=failed", ""},
        {"POST", "/admin/outbox/retry", R"({"event_id":1,"target":"webhook:1"})"},
        {"GET", "/admin/mail", ""},
        {"PUT", "/admin/mail/templates/shipped", R"({"subject":"x","text":"x","html":"x"})"},
        {"DELETE", "/admin/mail/templates/shipped", ""},
        {"POST", "/admin/mail/test", R"({"to":"thief@example.com"})"},
        {"GET", "/admin/degradation", ""},
        {"PUT", "/admin/degradation", R"({"features":{"reviews":false},"auto":true})"},
        {"GET", "/admin/stats", ""},
        {"GET", "/admin/logs", ""},
        {"GET", "/admin/protection", ""},
        {"PUT", "/admin/protection", R"({"max_in_flight":1})"},
        {"GET", "/admin/shop", ""},
        {"PUT", "/admin/shop", R"({"name":"Hijacked","currency":"EUR"})"},
        {"PUT", "/admin/shop/logo", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"},
        {"GET", "/admin/shop/currencies", ""},
        // Paths and methods no route has: still 401, so the routes stay unrevealed.
        {"GET", "/admin/nope", ""},
        {"GET", "/admin", ""},
        {"GET", "/", ""},
        {"DELETE", "/admin/products", ""},
        {"PATCH", product, R"({"name":"Hijacked"})"},
        {"GET", "/admin/sales/999999", ""},
        {"DELETE", "/admin/sales/999999", ""},
        {"PUT", "/admin/sales/999999", R"({"name":"Hijacked"})"},
        {"POST", "/api/checkout", checkoutBody(sku, 1)},
    };
    return requests;
}

std::vector<BadCredentials> badCredentials(const std::string& token) {
    std::string upper = token;
    std::transform(upper.begin(), upper.end(), upper.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    return {
        {"none", ""},
        {"wrong token", "Bearer wrong-" + token},
        {"token prefix", "Bearer " + token.substr(0, token.size() - 1)},
        {"token plus one", "Bearer " + token + "x"},
        {"token upper case", "Bearer " + upper},
        {"bearer lower case", "bearer " + token},
        {"bearer upper case", "BEARER " + token},
        {"two spaces", "Bearer  " + token},
        {"tab", "Bearer\t" + token},
        {"no scheme", token},
        {"scheme only", "Bearer"},
        {"empty bearer", "Bearer "},
        {"other scheme", "Token " + token},
        {"basic user:token", "Basic " + base64("admin:" + token)},
        {"basic token:", "Basic " + base64(token + ":")},
        {"basic token", "Basic " + base64(token)},
        {"two bearers", "Bearer " + token + ", Bearer " + token},
    };
}

} // namespace topcoat::test

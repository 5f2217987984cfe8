#include "ShopRequests.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <atomic>
#include <sstream>
#include <stdexcept>

namespace topcoat::test {
namespace {

std::string stringify(const Poco::JSON::Object& object) {
    std::ostringstream out;
    object.stringify(out);
    return out.str();
}

Poco::JSON::Array::Ptr itemsArray(const std::vector<std::pair<std::string, std::int64_t>>& items) {
    Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
    for (const auto& [sku, price] : items) {
        Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
        item->set("sku", sku);
        item->set("sale_price_cents", price);
        list->add(item);
    }
    return list;
}

[[noreturn]] void unexpected(const std::string& what, const HttpResult& result) {
    throw std::runtime_error(what + " answered " + std::to_string(result.status) + ": " +
                             result.body);
}

} // namespace

std::string freshSku(const std::string& tag) {
    static std::atomic<int> counter{0};
    return "T-" + tag + "-" + std::to_string(++counter);
}

std::string productBody(const std::string& sku, std::int64_t priceCents, std::int64_t stock,
                        const std::string& name, const std::string& shadeHex) {
    Poco::JSON::Object body;
    body.set("sku", sku);
    body.set("name", name);
    body.set("shade_hex", shadeHex);
    body.set("price_cents", priceCents);
    body.set("stock", stock);
    return stringify(body);
}

std::string checkoutBody(const std::string& sku, std::int64_t quantity,
                         const std::string& customer) {
    Poco::JSON::Object body;
    body.set("sku", sku);
    body.set("quantity", quantity);
    body.set("customer", customer);
    return stringify(body);
}

std::string saleBody(const std::string& name, const std::string& startsAt,
                     const std::string& endsAt, std::int64_t perCustomerLimit,
                     const std::vector<std::pair<std::string, std::int64_t>>& items) {
    Poco::JSON::Object body;
    body.set("name", name);
    body.set("starts_at", startsAt);
    body.set("ends_at", endsAt);
    body.set("per_customer_limit", perCustomerLimit);
    body.set("items", itemsArray(items));
    return stringify(body);
}

std::string saleItemsBody(const std::vector<std::pair<std::string, std::int64_t>>& items) {
    Poco::JSON::Object body;
    body.set("items", itemsArray(items));
    return stringify(body);
}

std::string rfc3339FromNow(std::chrono::seconds offset) {
    using namespace std::chrono;
    const auto at = floor<seconds>(system_clock::now() + offset);
    const auto day = floor<days>(at);
    const year_month_day date{day};
    const hh_mm_ss time{at - day};
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ", int(date.year()),
                  unsigned(date.month()), unsigned(date.day()), int(time.hours().count()),
                  int(time.minutes().count()), int(time.seconds().count()));
    return buffer;
}

Poco::JSON::Object::Ptr createProduct(HttpClient& admin, const std::string& sku,
                                      std::int64_t priceCents, std::int64_t stock,
                                      const std::string& shadeHex) {
    const auto result = admin.post("/admin/products",
                                   productBody(sku, priceCents, stock, "Polish " + sku, shadeHex));
    if (result.status != 201)
        unexpected("POST /admin/products", result);
    return result.json();
}

std::string createFreshProduct(HttpClient& admin, const std::string& tag, std::int64_t priceCents,
                               std::int64_t stock, const std::string& shadeHex) {
    auto sku = freshSku(tag);
    createProduct(admin, sku, priceCents, stock, shadeHex);
    return sku;
}

Poco::JSON::Object::Ptr createSale(HttpClient& admin, const std::string& name,
                                   const std::string& startsAt, const std::string& endsAt,
                                   std::int64_t perCustomerLimit,
                                   const std::vector<std::pair<std::string, std::int64_t>>& items) {
    const auto result =
        admin.post("/admin/sales", saleBody(name, startsAt, endsAt, perCustomerLimit, items));
    if (result.status != 201)
        unexpected("POST /admin/sales", result);
    return result.json();
}

Poco::JSON::Object::Ptr
createLiveSale(HttpClient& admin, std::int64_t perCustomerLimit,
               const std::vector<std::pair<std::string, std::int64_t>>& items) {
    using namespace std::chrono_literals;
    return createSale(admin, "Live sale", rfc3339FromNow(-1h), rfc3339FromNow(1h), perCustomerLimit,
                      items);
}

Poco::JSON::Object::Ptr saleById(HttpClient& admin, std::int64_t id) {
    const auto result = admin.get("/admin/sales");
    if (result.status != 200)
        unexpected("GET /admin/sales", result);
    const auto sales = result.json()->getArray("sales");
    for (std::size_t i = 0; sales && i < sales->size(); ++i)
        if (sales->getObject(static_cast<unsigned>(i))->getValue<std::int64_t>("id") == id)
            return sales->getObject(static_cast<unsigned>(i));
    return nullptr;
}

Poco::JSON::Object::Ptr productBySku(HttpClient& admin, const std::string& sku) {
    const auto result = admin.get("/admin/products");
    if (result.status != 200)
        unexpected("GET /admin/products", result);
    const auto products = result.json()->getArray("products");
    for (std::size_t i = 0; products && i < products->size(); ++i) {
        const auto product = products->getObject(static_cast<unsigned>(i));
        if (product->getValue<std::string>("sku") == sku)
            return product;
    }
    return nullptr;
}

std::int64_t stockOf(HttpClient& admin, const std::string& sku) {
    const auto product = productBySku(admin, sku);
    return product ? product->getValue<std::int64_t>("stock") : -1;
}

std::vector<Poco::JSON::Object::Ptr> allOrders(HttpClient& admin, int pageSize) {
    std::vector<Poco::JSON::Object::Ptr> orders;
    std::string after;
    for (;;) {
        auto path = "/admin/orders?limit=" + std::to_string(pageSize);
        if (!after.empty())
            path += "&after=" + after;
        const auto result = admin.get(path);
        if (result.status != 200)
            unexpected("GET " + path, result);
        const auto page = result.json();
        const auto list = page->getArray("orders");
        for (std::size_t i = 0; list && i < list->size(); ++i)
            orders.push_back(list->getObject(static_cast<unsigned>(i)));
        // The cursor is opaque: whatever `next` holds goes back verbatim as `after`.
        if (!page->has("next") || page->isNull("next"))
            return orders;
        after = page->get("next").convert<std::string>();
    }
}

std::string shopState(HttpClient& admin) {
    std::string state;
    for (const char* path : {"/admin/products", "/admin/sales", "/admin/degradation",
                             "/admin/protection", "/admin/shop"}) {
        const auto result = admin.get(path);
        if (result.status != 200)
            unexpected(std::string("GET ") + path, result);
        state += std::string(path) + " " + result.body + "\n";
    }
    return state + "orders " + std::to_string(allOrders(admin).size()) + "\n";
}

} // namespace topcoat::test

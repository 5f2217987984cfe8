#include "BadBodies.h"

#include "ShopRequests.h"

#include <Poco/JSON/Object.h>
#include <functional>
#include <sstream>

using namespace std::chrono_literals;

namespace topcoat::test {
namespace {

// A route and a body for it that is valid except for one value, the slot.
struct RouteShape {
    std::string name;
    bool admin;
    std::string method;
    std::string path;
    std::function<std::string(const std::string& slot)> body;
    bool booleanSlot; // the slot holds a bool; otherwise an integer
};

std::string quoted(const std::string& text) {
    return "\"" + text + "\"";
}

std::vector<RouteShape> routeShapes(const std::string& sku, const std::string& newSku,
                                    long long saleId) {
    const auto live = quoted(rfc3339FromNow(-1h)), ends = quoted(rfc3339FromNow(1h));
    return {
        {"checkout", false, "POST", "/api/checkout",
         [=](const std::string& slot) {
             return R"({"sku":")" + sku + R"(","quantity":)" + slot +
                    R"(,"customer":"ana@example.com"})";
         },
         false},
        {"create product", true, "POST", "/admin/products",
         [=](const std::string& slot) {
             return R"({"sku":")" + newSku +
                    R"(","name":"New","shade_hex":"#000000","price_cents":)" + slot +
                    R"(,"stock":5})";
         },
         false},
        {"update product", true, "PUT", "/admin/products/" + sku,
         [](const std::string& slot) { return R"({"price_cents":)" + slot + "}"; }, false},
        {"restock", true, "POST", "/admin/products/" + sku + "/restock",
         [](const std::string& slot) { return R"({"quantity":)" + slot + "}"; }, false},
        {"create sale", true, "POST", "/admin/sales",
         [=](const std::string& slot) {
             return R"({"name":"Bad","starts_at":)" + live + R"(,"ends_at":)" + ends +
                    R"(,"per_customer_limit":)" + slot + R"(,"items":[{"sku":")" + sku +
                    R"(","sale_price_cents":500}]})";
         },
         false},
        {"degradation", true, "PUT", "/admin/degradation",
         [](const std::string& slot) { return R"({"features":{"reviews":)" + slot + "}}"; }, true},
        {"update sale", true, "PUT", "/admin/sales/" + std::to_string(saleId),
         [](const std::string& slot) { return R"({"per_customer_limit":)" + slot + "}"; }, false},
        // The slot stands where the customer's e-mail address belongs: every value is wrong.
        {"join queue", false, "POST", "/api/queue",
         [](const std::string& slot) { return R"({"customer":)" + slot + "}"; }, false},
        {"protection", true, "PUT", "/admin/protection",
         [](const std::string& slot) { return R"({"client_rate":{"burst":)" + slot + "}}"; },
         false},
        {"waiting room", true, "PUT", "/admin/protection",
         [](const std::string& slot) { return R"({"waiting_room":{"enabled":)" + slot + "}}"; },
         true},
    };
}

// Bodies no route may accept, whatever it expects.
std::vector<std::pair<std::string, std::string>> structuralCases(const RouteShape& route) {
    const auto valid = route.body(route.booleanSlot ? "false" : "1");
    return {
        {"empty", ""},
        {"not JSON", "hello"},
        {"form encoded", "sku=NP-001&quantity=1"},
        {"truncated", valid.substr(0, valid.size() - 1)},
        {"trailing garbage", valid + "x"},
        {"two objects", valid + valid},
        {"array", "[]"},
        {"array of the body", "[" + valid + "]"},
        {"string", quoted("{}")},
        {"number", "42"},
        {"null", "null"},
        {"boolean", "true"},
        {"single quotes", "{'quantity':1}"},
        {"unquoted keys", "{quantity:1}"},
        {"NUL byte", std::string("{\"a\":1}\0", 8)},
        {"10000 unclosed arrays", nestedArrays(10000, false)},
    };
}

// Slot values of the wrong type or range for both integer and boolean slots.
std::vector<std::pair<std::string, std::string>> slotCases(bool booleanSlot) {
    std::vector<std::pair<std::string, std::string>> cases = {
        {"string number", quoted("2")},
        {"fraction", "1.5"},
        {"array", "[1]"},
        {"object", R"({"n":1})"},
        {"null", "null"},
        {"1e400", "1e400"},
        {"huge integer", "99999999999999999999999"},
        {"huge negative", "-99999999999999999999999"},
        {"2^63", "9223372036854775808"},
        {"2^64 - 1", "18446744073709551615"}, // -1 if wrapped to 64-bit signed
        {"2^64 - 10", "18446744073709551606"},
        {"-2^63 - 1", "-9223372036854775809"},
        {"NaN", "NaN"},
        {"Infinity", "Infinity"},
        {"hex", "0x10"},
        {"leading zero", "01"},
        {"plus sign", "+1"},
        {"100 nested arrays", nestedArrays(100)},
        {"7000 nested arrays", nestedArrays(7000)},
        {"2000 nested objects",
         [] {
             std::string deep;
             for (int i = 0; i < 2000; ++i)
                 deep += R"({"a":)";
             return deep + "1" + std::string(2000, '}');
         }()},
    };
    if (booleanSlot) {
        cases.push_back({"integer", "1"});
        cases.push_back({"zero", "0"});
        cases.push_back({"string boolean", quoted("false")});
    } else {
        cases.push_back({"true", "true"});
        cases.push_back({"false", "false"});
    }
    return cases;
}

} // namespace

std::string nestedArrays(std::size_t depth, bool closed) {
    return std::string(depth, '[') + (closed ? "1" + std::string(depth, ']') : "");
}

std::vector<BadBody> badBodies(const std::string& sku, const std::string& newSku,
                               long long saleId) {
    std::vector<BadBody> cases;
    const auto add = [&](const RouteShape& route, const std::string& what, std::string body,
                         int status = 400, std::string code = "invalid_request") {
        cases.push_back({route.name + ": " + what, route.admin, route.method, route.path,
                         std::move(body), status, std::move(code)});
    };
    const auto routes = routeShapes(sku, newSku, saleId);
    for (const auto& route : routes) {
        for (const auto& [what, body] : structuralCases(route))
            add(route, what, body);
        for (const auto& [what, slot] : slotCases(route.booleanSlot))
            add(route, what, route.body(slot));
        // Over the 16 KiB limit by nesting alone.
        add(route, "10000 nested arrays", route.body(nestedArrays(10000)), 413,
            "payload_too_large");
    }

    const auto& checkout = routes[0];
    const auto order = [](const std::string& skuJson, const std::string& customer) {
        return R"({"sku":)" + skuJson + R"(,"quantity":1,"customer":)" + customer + "}";
    };
    const auto ana = quoted("ana@example.com");
    add(checkout, "quantity 0", checkout.body("0"));
    add(checkout, "quantity -1", checkout.body("-1"));
    add(checkout, "sku 5", order("5", ana));
    add(checkout, "sku lower case", order(quoted("np-001"), ana));
    add(checkout, "sku leading dash", order(quoted("-NP1"), ana));
    add(checkout, "sku 33 characters", order(quoted(std::string(33, 'A')), ana));
    add(checkout, "sku with space", order(quoted("NP 001"), ana));
    add(checkout, "sku empty", order(quoted(""), ana));
    add(checkout, "sku control character", order(quoted("NP\\u0007"), ana));
    add(checkout, "sku invalid UTF-8", order(quoted("NP\xc3\x28"), ana));
    add(checkout, "missing sku", R"({"quantity":1,"customer":"ana@example.com"})");
    add(checkout, "missing quantity", R"({"sku":")" + sku + R"(","customer":"a@b.co"})");
    add(checkout, "missing customer", R"({"sku":")" + sku + R"(","quantity":1})");
    add(checkout, "customer 5", order(quoted(sku), "5"));
    add(checkout, "customer empty", order(quoted(sku), quoted("")));
    add(checkout, "customer not an address", order(quoted(sku), quoted("ana")));
    add(checkout, "customer two @", order(quoted(sku), quoted("a@@b.co")));
    add(checkout, "customer control character", order(quoted(sku), quoted("a\\u0001@b.co")));
    add(checkout, "customer NUL", order(quoted(sku), quoted("ana@b.co\\u0000x")));
    add(checkout, "customer raw newline", order(quoted(sku), quoted("ana@b.co\nx")));
    add(checkout, "customer invalid UTF-8", order(quoted(sku), quoted("ana@\xff\xfe.co")));
    add(checkout, "customer lone surrogate", order(quoted(sku), quoted("ana@\\ud800.co")));

    const auto& create = routes[1];
    const auto product = [&](const std::string& skuJson, const std::string& name,
                             const std::string& hex, const std::string& price,
                             const std::string& stock) {
        return R"({"sku":)" + skuJson + R"(,"name":)" + name + R"(,"shade_hex":)" + hex +
               R"(,"price_cents":)" + price + R"(,"stock":)" + stock + "}";
    };
    const auto newSkuJson = quoted(newSku), name = quoted("New"), hex = quoted("#000000");
    add(create, "sku exists", product(quoted(sku), name, hex, "100", "5"), 409, "sku_exists");
    add(create, "sku 5", product("5", name, hex, "100", "5"));
    add(create, "sku lower case", product(quoted("new-lower"), name, hex, "100", "5"));
    add(create, "sku 33 characters", product(quoted(std::string(33, 'B')), name, hex, "1", "5"));
    add(create, "sku invalid UTF-8", product(quoted("N\xc3\x28"), name, hex, "100", "5"));
    add(create, "name empty", product(newSkuJson, quoted(""), hex, "100", "5"));
    add(create, "name 121 characters",
        product(newSkuJson, quoted(std::string(121, 'n')), hex, "100", "5"));
    add(create, "name control character", product(newSkuJson, quoted("a\\u0007"), hex, "1", "5"));
    add(create, "name NUL", product(newSkuJson, quoted("a\\u0000b"), hex, "100", "5"));
    add(create, "name raw tab", product(newSkuJson, quoted("a\tb"), hex, "100", "5"));
    add(create, "name invalid UTF-8", product(newSkuJson, quoted("Ros\xe9"), hex, "100", "5"));
    add(create, "name overlong UTF-8", product(newSkuJson, quoted("a\xc0\xaf"), hex, "1", "5"));
    add(create, "name lone surrogate", product(newSkuJson, quoted("a\\udc00"), hex, "1", "5"));
    // U+0080..U+009F are control characters too (Unicode Cc), just not ASCII ones.
    add(create, "name C1 control",
        product(newSkuJson,
                quoted("a\xc2\x85"
                       "b"),
                hex, "1", "5"));
    add(create, "name escaped C1 control", product(newSkuJson, quoted("a\\u009bb"), hex, "1", "5"));
    add(create, "name 5", product(newSkuJson, "5", hex, "100", "5"));
    add(create, "shade word", product(newSkuJson, name, quoted("red"), "100", "5"));
    add(create, "shade short", product(newSkuJson, name, quoted("#12345"), "100", "5"));
    add(create, "shade long", product(newSkuJson, name, quoted("#1234567"), "100", "5"));
    add(create, "shade not hex", product(newSkuJson, name, quoted("#GGGGGG"), "100", "5"));
    add(create, "price -1", create.body("-1"));
    add(create, "stock -1", product(newSkuJson, name, hex, "100", "-1"));
    add(create, "stock string", product(newSkuJson, name, hex, "100", quoted("5")));
    add(create, "stock fraction", product(newSkuJson, name, hex, "100", "2.5"));
    add(create, "stock huge", product(newSkuJson, name, hex, "100", "99999999999999999999"));
    add(create, "missing sku", R"({"name":"N","shade_hex":"#000000","price_cents":1,"stock":1})");
    for (const char* field : {"name", "shade_hex", "price_cents", "stock"}) {
        Poco::JSON::Object body; // a full product without `field`
        body.set("sku", newSku);
        const std::vector<std::pair<const char*, Poco::Dynamic::Var>> all = {
            {"name", "N"}, {"shade_hex", "#000000"}, {"price_cents", 1}, {"stock", 1}};
        for (const auto& [key, value] : all)
            if (std::string(key) != field)
                body.set(key, value);
        std::ostringstream text;
        body.stringify(text);
        add(create, std::string("missing ") + field, text.str());
    }

    const auto& update = routes[2];
    add(update, "no known field", R"({"colour":"#000000"})");
    add(update, "empty object", "{}");
    add(update, "price -1", update.body("-1"));
    add(update, "name empty", R"({"name":""})");
    add(update, "name control character", R"({"name":"a\u001b"})");
    add(update, "name invalid UTF-8", "{\"name\":\"\xff\"}");
    add(update, "shade word", R"({"shade_hex":"blue"})");
    add(update, "one good one bad field", R"({"name":"Fine","price_cents":-5})");
    cases.push_back({"update product: unknown SKU", true, "PUT", "/admin/products/" + newSku,
                     R"({"name":"Ghost"})", 404, "unknown_sku"});
    cases.push_back({"update product: invalid SKU", true, "PUT", "/admin/products/lower",
                     R"({"name":"Ghost"})", 404, "unknown_sku"});

    const auto& restock = routes[3];
    add(restock, "missing quantity", R"({"amount":5})");
    add(restock, "below zero", restock.body("-11"), 409, "insufficient_stock");
    cases.push_back({"restock: unknown SKU", true, "POST", "/admin/products/" + newSku + "/restock",
                     R"({"quantity":5})", 404, "unknown_sku"});

    const auto& sale = routes[4];
    const auto saleWith = [&](const std::string& starts, const std::string& endsAt,
                              const std::string& items) {
        return R"({"name":"Bad","starts_at":)" + starts + R"(,"ends_at":)" + endsAt +
               R"(,"per_customer_limit":2,"items":)" + items + "}";
    };
    const auto live = quoted(rfc3339FromNow(-1h)), ends = quoted(rfc3339FromNow(1h));
    const auto item = [&](const std::string& skuJson, const std::string& price) {
        return R"({"sku":)" + skuJson + R"(,"sale_price_cents":)" + price + "}";
    };
    const auto goodItems = "[" + item(quoted(sku), "500") + "]";
    add(sale, "limit 0", sale.body("0"));
    add(sale, "limit -1", sale.body("-1"));
    add(sale, "starts_at word", saleWith(quoted("yesterday"), ends, goodItems));
    add(sale, "starts_at month 13", saleWith(quoted("2026-13-01T00:00:00Z"), ends, goodItems));
    add(sale, "starts_at 30 February", saleWith(quoted("2026-02-30T00:00:00Z"), ends, goodItems));
    add(sale, "starts_at without zone", saleWith(quoted("2026-01-01T00:00:00"), ends, goodItems));
    add(sale, "starts_at number", saleWith("1700000000", ends, goodItems));
    add(sale, "ends before it starts", saleWith(ends, live, goodItems));
    add(sale, "ended already",
        saleWith(quoted("2020-01-01T00:00:00Z"), quoted("2020-01-02T00:00:00Z"), goodItems));
    add(sale, "items empty", saleWith(live, ends, "[]"));
    add(sale, "items string", saleWith(live, ends, quoted("x")));
    add(sale, "items of numbers", saleWith(live, ends, "[5]"));
    add(sale, "item sku lower case", saleWith(live, ends, "[" + item(quoted("np-1"), "1") + "]"));
    add(sale, "item without price", saleWith(live, ends, R"([{"sku":")" + sku + R"("}])"));
    add(sale, "item price -1", saleWith(live, ends, "[" + item(quoted(sku), "-1") + "]"));
    add(sale, "item price not below regular",
        saleWith(live, ends, "[" + item(quoted(sku), "1000") + "]"));
    add(sale, "item listed twice",
        saleWith(live, ends, "[" + item(quoted(sku), "1") + "," + item(quoted(sku), "2") + "]"));
    add(sale, "item unknown SKU", saleWith(live, ends, "[" + item(newSkuJson, "1") + "]"), 404,
        "unknown_sku");
    add(sale, "missing name",
        R"({"starts_at":)" + live + R"(,"ends_at":)" + ends +
            R"(,"per_customer_limit":2,"items":)" + goodItems + "}");

    const auto& degradation = routes[5];
    add(degradation, "empty object", "{}");
    add(degradation, "features string", R"({"features":"reviews"})");
    add(degradation, "features array", R"({"features":["reviews"]})");
    add(degradation, "unknown feature", R"({"features":{"teleport":false}})");
    add(degradation, "known then unknown feature",
        R"({"features":{"reviews":false,"teleport":false}})");
    add(degradation, "auto string", R"({"auto":"yes"})");
    add(degradation, "auto integer", R"({"auto":1})");
    add(degradation, "good auto, bad feature", R"({"auto":true,"features":{"reviews":"off"}})");
    // An edit is checked as strictly as a new sale, field by field and as a whole.
    const auto& edit = routes[6];
    const auto editItems = [&](const std::string& items) {
        return R"({"items":)" + items + "}";
    };
    add(edit, "no known field", R"({"colour":"#000000"})");
    add(edit, "empty object", "{}");
    add(edit, "only nulls", R"({"name":null,"items":null})");
    add(edit, "limit 0", edit.body("0"));
    add(edit, "limit 1001", edit.body("1001"));
    add(edit, "one good one bad field", R"({"name":"Fine","per_customer_limit":-5})");
    add(edit, "name empty", R"({"name":""})");
    add(edit, "name 121 characters", R"({"name":")" + std::string(121, 'n') + R"("})");
    add(edit, "name control character", R"({"name":"a\u001b"})");
    add(edit, "name invalid UTF-8", "{\"name\":\"\xff\"}");
    add(edit, "name 5", R"({"name":5})");
    add(edit, "starts_at word", R"({"starts_at":"tomorrow"})");
    add(edit, "starts_at without zone", R"({"starts_at":"2030-01-01T00:00:00"})");
    add(edit, "starts_at 30 February", R"({"starts_at":"2030-02-30T00:00:00Z"})");
    add(edit, "ends_at number", R"({"ends_at":1900000000})");
    // The sale runs from 10 to 11 hours from now (test_http_bad_input).
    add(edit, "ends before its start", R"({"ends_at":)" + quoted(rfc3339FromNow(9h)) + "}");
    add(edit, "starts after its end", R"({"starts_at":)" + quoted(rfc3339FromNow(12h)) + "}");
    add(edit, "ended already",
        R"({"starts_at":"2020-01-01T00:00:00Z","ends_at":"2020-01-02T00:00:00Z"})");
    add(edit, "items empty", editItems("[]"));
    add(edit, "items string", editItems(quoted("x")));
    add(edit, "items object", editItems(R"({"sku":")" + sku + R"("})"));
    add(edit, "items of numbers", editItems("[5]"));
    add(edit, "item sku lower case", editItems("[" + item(quoted("np-1"), "1") + "]"));
    add(edit, "item without price", editItems(R"([{"sku":")" + sku + R"("}])"));
    add(edit, "item price -1", editItems("[" + item(quoted(sku), "-1") + "]"));
    add(edit, "item price fraction", editItems("[" + item(quoted(sku), "1.5") + "]"));
    add(edit, "item price not below regular", editItems("[" + item(quoted(sku), "1000") + "]"));
    add(edit, "item listed twice",
        editItems("[" + item(quoted(sku), "1") + "," + item(quoted(sku), "2") + "]"));
    add(edit, "item unknown SKU", editItems("[" + item(newSkuJson, "1") + "]"), 404, "unknown_sku");
    std::string many = "[";
    for (int i = 0; i < 201; ++i)
        many += (i ? "," : "") + item(quoted(sku), "1");
    add(edit, "201 items", editItems(many + "]"));
    for (const std::string id : {"999999", "0", "-1", "abc", "1.0", "99999999999999999999"})
        cases.push_back({"update sale: sale id " + id, true, "PUT", "/admin/sales/" + id,
                         R"({"name":"Ghost"})", 404, "unknown_sale"});
    return cases;
}

} // namespace topcoat::test

// The shipping address at checkout (API.md, "Checkout with a shipping address") against a real
// topcoatd: an address given is stored with the order and shown wherever the order is, also
// after a restart; an order without one shows null; an address that breaks a rule is refused
// with 400 and takes nothing; and an idempotent retry with another address is another request.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QtTest>

using namespace topcoat::test;

namespace {

Poco::JSON::Object::Ptr anAddress() {
    Poco::JSON::Object::Ptr address = new Poco::JSON::Object;
    address->set("name", "Ana Müller");
    address->set("line1", "Hauptstraße 5");
    address->set("line2", "Hinterhaus, 2. OG");
    address->set("city", "Köln");
    address->set("postal_code", "50667");
    address->set("country", "DE");
    return address;
}

std::string checkoutWith(const std::string& sku, const std::string& customer,
                         const Poco::Dynamic::Var& shipping) {
    Poco::JSON::Object body;
    body.set("sku", sku);
    body.set("quantity", 1);
    body.set("customer", customer);
    body.set("shipping", shipping);
    std::ostringstream out;
    body.stringify(out);
    return out.str();
}

std::string stringified(const Poco::JSON::Object::Ptr& object) {
    std::ostringstream out;
    object->stringify(out);
    return out.str();
}

} // namespace

class ShippingTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void theAddressStaysWithTheOrder() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "SHA", 1500, 10);
        const auto placed =
            customer.post("/api/checkout", checkoutWith(sku, "ana@example.com", anAddress()));
        EXPECT_API_RESPONSE(placed, 201);
        const auto orderId = placed.json()->getValue<std::string>("order_id");
        const auto expected = stringified(anAddress());
        QCOMPARE(stringified(placed.json()->getObject("shipping")), expected);
        QCOMPARE(stringified(customer.get("/api/orders/" + orderId).json()->getObject("shipping")),
                 expected);

        // Without one: null, everywhere.
        const auto plain = customer.post("/api/checkout", checkoutBody(sku, 1, "bea@example.com"));
        EXPECT_API_RESPONSE(plain, 201);
        QVERIFY(plain.json()->isNull("shipping"));

        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        auto restarted = server_.admin();
        const auto detail = restarted.get("/admin/orders/" + orderId);
        EXPECT_API_RESPONSE(detail, 200);
        QCOMPARE(stringified(detail.json()->getObject("order")->getObject("shipping")), expected);
        bool listed = false;
        for (const auto& order : allOrders(restarted))
            if (order->getValue<std::string>("order_id") == orderId) {
                QCOMPARE(stringified(order->getObject("shipping")), expected);
                listed = true;
            }
        QVERIFY(listed);
        // The optional fields may be left out.
        auto shortAddress = anAddress();
        shortAddress->remove("line2");
        shortAddress->remove("postal_code");
        auto again = server_.storefront();
        const auto brief =
            again.post("/api/checkout", checkoutWith(sku, "cai@example.com", shortAddress));
        EXPECT_API_RESPONSE(brief, 201);
        QCOMPARE(brief.json()->getObject("shipping")->getValue<std::string>("line2"), "");
        QCOMPARE(brief.json()->getObject("shipping")->getValue<std::string>("postal_code"), "");
    }

    void anAddressThatBreaksARuleTakesNothing() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "SHB", 1500, 10);
        const auto with = [](const std::string& field, const Poco::Dynamic::Var& value) {
            auto address = anAddress();
            address->set(field, value);
            return Poco::Dynamic::Var(address);
        };
        const auto without = [](const std::string& field) {
            auto address = anAddress();
            address->remove(field);
            return Poco::Dynamic::Var(address);
        };
        const std::vector<Poco::Dynamic::Var> bad{
            std::string("Hauptstraße 5"),
            Poco::JSON::Array::Ptr(new Poco::JSON::Array),
            without("name"),
            without("line1"),
            without("city"),
            without("country"),
            with("name", std::string(121, 'a')),
            with("name", "   "),
            with("name", 5),
            with("line1", "Haupt\u0001straße"),
            with("line1", ""),
            with("line2", std::string(201, 'b')),
            with("line2", "tab\there"),
            with("city", "\u00a0"),
            with("city", std::string(101, 'c')),
            with("postal_code", "50#67"),
            with("postal_code", std::string(17, '1')),
            with("country", "de"),
            with("country", "XX"),
            with("country", "DEU"),
            with("country", ""),
        };
        for (const auto& shipping : bad)
            EXPECT_API_ERROR(
                customer.post("/api/checkout", checkoutWith(sku, "dee@example.com", shipping)), 400,
                "invalid_request");
        QCOMPARE(stockOf(admin, sku), 10);
    }

    void aRetryWithAnotherAddressIsAnotherRequest() {
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "SHC", 1500, 10);
        const std::map<std::string, std::string> keyed{{"Content-Type", "application/json"},
                                                       {"Idempotency-Key", "ship-7c1"}};
        const auto body = checkoutWith(sku, "eve@example.com", anAddress());
        const auto first = customer.post("/api/checkout", body, keyed);
        EXPECT_API_RESPONSE(first, 201);
        const auto replay = customer.post("/api/checkout", body, keyed);
        EXPECT_API_RESPONSE(replay, 201);
        QCOMPARE(replay.json()->getValue<std::string>("order_id"),
                 first.json()->getValue<std::string>("order_id"));
        auto elsewhere = anAddress();
        elsewhere->set("city", "Bonn");
        EXPECT_API_ERROR(
            customer.post("/api/checkout", checkoutWith(sku, "eve@example.com", elsewhere), keyed),
            422, "idempotency_key_reused");
        EXPECT_API_ERROR(
            customer.post("/api/checkout", checkoutBody(sku, 1, "eve@example.com"), keyed), 422,
            "idempotency_key_reused");
        QCOMPARE(stockOf(admin, sku), 9);
    }
};

QTEST_GUILESS_MAIN(ShippingTest)
#include "test_http_shipping.moc"

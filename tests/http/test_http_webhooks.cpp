// Webhooks and the outbox (API.md, "Order events: webhooks and the outbox") against a real
// topcoatd and a receiver in this process: what cannot be a webhook is refused and registers
// nothing; an order and its cancel arrive as signed JSON POSTs that carry their event id; a
// receiver that fails three times gets the event on the fourth try; a delivery the sender gave
// up on is listed as failed and sent again on the owner's retry; and a storefront killed
// between sending and marking a delivery sends it again after its restart, with the same id.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"
#include "tests/support/WebhookReceiver.h"

#include <QtTest>
#include <chrono>

using namespace topcoat::test;

namespace {

// Enough for the first three retries (1 + 2 + 4 s) and a storefront's restart.
constexpr int deliveryTimeoutMs = 30000;

Poco::JSON::Object::Ptr addWebhook(HttpClient& admin, const std::string& body) {
    const auto added = admin.post("/admin/webhooks", body);
    if (added.status != 201)
        return nullptr;
    return added.json();
}

std::string webhookBody(const WebhookReceiver& receiver) {
    return "{\"url\":\"" + receiver.url() + "\"}";
}

std::string buy(HttpClient& customer, const std::string& sku, const std::string& who) {
    const auto placed = customer.post("/api/checkout", checkoutBody(sku, 1, who));
    return placed.status == 201 ? placed.json()->getValue<std::string>("order_id") : std::string();
}

Poco::JSON::Object::Ptr bodyOf(const ReceivedDelivery& delivery) {
    return HttpResult{200, delivery.body, {}}.json();
}

// The outbox's deliveries of the order's events, newest first.
std::vector<Poco::JSON::Object::Ptr> deliveriesOf(HttpClient& admin, const std::string& orderId,
                                                  const std::string& query = {}) {
    std::vector<Poco::JSON::Object::Ptr> found;
    const auto listed = admin.get("/admin/outbox?limit=200" + query);
    if (listed.status != 200)
        return found;
    const auto deliveries = listed.json()->getArray("deliveries");
    for (std::size_t i = 0; i < deliveries->size(); ++i)
        if (deliveries->getObject(i)->getValue<std::string>("order_id") == orderId)
            found.push_back(deliveries->getObject(i));
    return found;
}

std::string stateOfOnlyDelivery(HttpClient& admin, const std::string& orderId) {
    const auto deliveries = deliveriesOf(admin, orderId);
    return deliveries.size() == 1 ? deliveries.front()->getValue<std::string>("state")
                                  : std::string();
}

} // namespace

class WebhooksTest : public ServerTestCase {
    Q_OBJECT

private slots:
    // Each case registers the webhooks it needs: none is left from the one before.
    void init() {
        auto admin = server_.admin();
        const auto listed = admin.get("/admin/webhooks").json()->getArray("webhooks");
        for (std::size_t i = 0; i < listed->size(); ++i)
            EXPECT_API_RESPONSE(
                admin.del("/admin/webhooks/" +
                          std::to_string(listed->getObject(i)->getValue<std::int64_t>("id"))),
                200);
    }

    void whatCannotBeAWebhookIsRefused() {
        auto admin = server_.admin();
        const std::string tooLong = "http://example.com/" + std::string(2048, 'a');
        for (const std::string& body : std::vector<std::string>{
                 R"({})", R"({"url":""})", R"({"url":42})", R"({"url":"ftp://example.com/"})",
                 R"({"url":"https://example.com/"})", R"({"url":"example.com/hook"})",
                 R"({"url":"http:///hook"})", R"({"url":"http://user:pw@example.com/"})",
                 R"({"url":"http://example.com/a b"})", R"({"url":"http://example.com/#top"})",
                 R"({"url":"http://example.com/","events":[]})",
                 R"({"url":"http://example.com/","events":["order.shipped"]})",
                 R"({"url":"http://example.com/","events":"order.created"})",
                 R"({"url":"http://example.com/","events":[1]})", "{\"url\":\"" + tooLong + "\"}",
                 std::string("not json")}) {
            EXPECT_API_ERROR(admin.post("/admin/webhooks", body), 400, "invalid_request");
        }
        const auto listed = admin.get("/admin/webhooks");
        EXPECT_API_RESPONSE(listed, 200);
        QCOMPARE(listed.json()->getArray("webhooks")->size(), std::size_t{0});

        EXPECT_API_ERROR(admin.del("/admin/webhooks/999"), 404, "unknown_webhook");
        EXPECT_API_ERROR(admin.del("/admin/webhooks/0"), 404, "unknown_webhook");
        EXPECT_API_ERROR(admin.del("/admin/webhooks/x1"), 404, "unknown_webhook");
        EXPECT_API_ERROR(admin.get("/admin/outbox?state=lost"), 400, "invalid_request");
        EXPECT_API_ERROR(admin.get("/admin/outbox?limit=0"), 400, "invalid_request");
        EXPECT_API_ERROR(admin.get("/admin/outbox?before=-1"), 400, "invalid_request");
        EXPECT_API_ERROR(admin.post("/admin/outbox/retry", R"({"event_id":1})"), 400,
                         "invalid_request");
        EXPECT_API_ERROR(admin.post("/admin/outbox/retry", R"({"event_id":0,"target":"email"})"),
                         400, "invalid_request");
        EXPECT_API_ERROR(
            admin.post("/admin/outbox/retry", R"({"event_id":999,"target":"webhook:1"})"), 404,
            "unknown_delivery");
    }

    void aShopHasAtMostTwentyWebhooks() {
        auto admin = server_.admin();
        for (int i = 0; i < 20; ++i) {
            const auto body = "{\"url\":\"http://127.0.0.1:9/hook" + std::to_string(i) +
                              "\",\"events\":[\"order.paid\"]}";
            QVERIFY(addWebhook(admin, body));
        }
        const std::string oneMore = R"({"url":"http://127.0.0.1:9/more"})";
        EXPECT_API_ERROR(admin.post("/admin/webhooks", oneMore), 400, "invalid_request");
        QCOMPARE(admin.get("/admin/webhooks").json()->getArray("webhooks")->size(),
                 std::size_t{20});
    }

    void anOrderAndItsCancelArriveSigned() {
        WebhookReceiver receiver;
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "WHS", 1500, 10);

        const auto webhook = addWebhook(admin, webhookBody(receiver));
        QVERIFY(webhook);
        const auto secret = webhook->getValue<std::string>("secret");
        QVERIFY(secret.starts_with("whsec_") && secret.size() == 6 + 64);
        QCOMPARE(webhook->getValue<std::string>("url"), receiver.url());
        QCOMPARE(webhook->getArray("events")->size(), std::size_t{6});
        QVERIFY(isRfc3339Utc(webhook->getValue<std::string>("created_at")));

        const auto order = buy(customer, sku, "ana@example.com");
        QVERIFY(!order.empty());
        QTRY_COMPARE_WITH_TIMEOUT(receiver.received().size(), std::size_t{1}, deliveryTimeoutMs);
        EXPECT_API_RESPONSE(admin.post("/admin/orders/" + order + "/status",
                                       R"({"status":"cancelled","by":"Mia"})"),
                            200);
        QTRY_COMPARE_WITH_TIMEOUT(receiver.received().size(), std::size_t{2}, deliveryTimeoutMs);

        const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
        std::int64_t previousId = 0;
        for (const auto& [delivery, type] :
             {std::pair{receiver.received()[0], "order.created"},
              std::pair{receiver.received()[1], "order.cancelled"}}) {
            QCOMPARE(delivery.path, "/hook");
            QCOMPARE(delivery.headers.at("content-type"), "application/json");
            const auto& signature = delivery.headers.at("topcoat-signature");
            QVERIFY2(signatureMatches(signature, secret, delivery.body), signature.c_str());
            QVERIFY(!signatureMatches(signature, secret + "x", delivery.body));
            QVERIFY(std::abs(signatureTime(signature) - now) < 120);
            const auto body = bodyOf(delivery);
            QCOMPARE(body->getValue<std::string>("type"), type);
            QCOMPARE(std::to_string(body->getValue<std::int64_t>("id")),
                     delivery.headers.at("topcoat-event-id"));
            QVERIFY(body->getValue<std::int64_t>("id") > previousId);
            previousId = body->getValue<std::int64_t>("id");
            QVERIFY(isRfc3339Utc(body->getValue<std::string>("at")));
            // The order as it is when sent: the created event's went out before the cancel.
            const auto sent = body->getObject("order");
            QCOMPARE(sent->getValue<std::string>("order_id"), order);
            QCOMPARE(sent->getValue<std::string>("status"),
                     std::string(type) == "order.created" ? "confirmed" : "cancelled");
            TOPCOAT_VERIFY_EMPTY(missingKeys(sent, orderKeys()));
        }

        QTRY_COMPARE(deliveriesOf(admin, order, "&state=sent").size(), std::size_t{2});
        const auto deliveries = deliveriesOf(admin, order, "&state=sent");
        QCOMPARE(deliveries.size(), std::size_t{2});
        QCOMPARE(deliveries[0]->getValue<std::string>("type"), "order.cancelled"); // newest first
        for (const auto& delivery : deliveries) {
            QCOMPARE(delivery->getValue<std::string>("target"),
                     "webhook:" + std::to_string(webhook->getValue<std::int64_t>("id")));
            QCOMPARE(delivery->getValue<std::int64_t>("attempts"), 1);
            QVERIFY(delivery->isNull("next_attempt_at"));
            QVERIFY(isRfc3339Utc(delivery->getValue<std::string>("sent_at")));
        }

        // Pages of one delivery: the newest first, and `next` leads to the one before it.
        const auto firstPage = admin.get("/admin/outbox?limit=1").json();
        QCOMPARE(firstPage->getArray("deliveries")->size(), std::size_t{1});
        QCOMPARE(firstPage->getArray("deliveries")->getObject(0)->getValue<std::string>("type"),
                 "order.cancelled");
        QVERIFY(firstPage->getObject("counts")->getValue<std::int64_t>("sent") >= 2);
        const auto secondPage =
            admin.get("/admin/outbox?limit=1&before=" + firstPage->getValue<std::string>("next"))
                .json();
        QCOMPARE(secondPage->getArray("deliveries")->getObject(0)->getValue<std::string>("type"),
                 "order.created");

        // Removed, it is sent nothing more, and the shop stops writing events for it.
        const auto removed =
            admin.del("/admin/webhooks/" + std::to_string(webhook->getValue<std::int64_t>("id")));
        EXPECT_API_RESPONSE(removed, 200);
        QCOMPARE(removed.json()->getValue<bool>("removed"), true);
        const auto unheard = buy(customer, sku, "bea@example.com");
        QVERIFY(!unheard.empty());
        QVERIFY(deliveriesOf(admin, unheard).empty());
        QCOMPARE(receiver.received().size(), std::size_t{2});
    }

    void aReceiverThatFailsThreeTimesGetsTheFourthTry() {
        WebhookReceiver receiver;
        receiver.failNext(3);
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "WHF", 900, 5);
        const auto body = "{\"url\":\"" + receiver.url() + "\",\"events\":[\"order.created\"]}";
        QVERIFY(addWebhook(admin, body));
        const auto order = buy(customer, sku, "cai@example.com");
        QVERIFY(!order.empty());

        QTRY_COMPARE_WITH_TIMEOUT(stateOfOnlyDelivery(admin, order), "sent", deliveryTimeoutMs);
        const auto received = receiver.received();
        QCOMPARE(received.size(), std::size_t{4});
        for (std::size_t i = 0; i < received.size(); ++i) {
            QCOMPARE(received[i].answered, i < 3 ? 500 : 204);
            QCOMPARE(received[i].headers.at("topcoat-event-id"),
                     received[0].headers.at("topcoat-event-id"));
            QCOMPARE(bodyOf(received[i])->getObject("order")->getValue<std::string>("order_id"),
                     order);
        }
        const auto delivery = deliveriesOf(admin, order).front();
        QCOMPARE(delivery->getValue<std::int64_t>("attempts"), 4);
    }

    void aDeliveryGivenUpWaitsForTheOwnersRetry() {
        WebhookReceiver receiver;
        receiver.failNext(1000);
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "WHR", 900, 5);
        const auto webhook = addWebhook(admin, webhookBody(receiver));
        QVERIFY(webhook);
        const auto order = buy(customer, sku, "dee@example.com");
        QVERIFY(!order.empty());
        QTRY_VERIFY_WITH_TIMEOUT(receiver.received().size() >= 1, deliveryTimeoutMs);
        const auto pending = deliveriesOf(admin, order, "&state=pending");
        QCOMPARE(pending.size(), std::size_t{1});
        QCOMPARE(pending.front()->getValue<std::string>("last_error"), "the receiver answered 500");
        QVERIFY(isRfc3339Utc(pending.front()->getValue<std::string>("next_attempt_at")));

        // Once its webhook is gone, a delivery has nowhere to go: it is given up at its next try.
        const auto webhookPath =
            "/admin/webhooks/" + std::to_string(webhook->getValue<std::int64_t>("id"));
        EXPECT_API_RESPONSE(admin.del(webhookPath), 200);
        EXPECT_API_ERROR(admin.del(webhookPath), 404, "unknown_webhook");
        QTRY_COMPARE_WITH_TIMEOUT(stateOfOnlyDelivery(admin, order), "failed", deliveryTimeoutMs);
        const auto failed = deliveriesOf(admin, order, "&state=failed").front();
        QCOMPARE(failed->getValue<std::string>("last_error"), "the webhook was removed");
        QVERIFY(failed->isNull("next_attempt_at"));
        QVERIFY(admin.get("/admin/outbox")
                    .json()
                    ->getObject("counts")
                    ->getValue<std::int64_t>("failed") >= 1);

        const auto retryBody =
            "{\"event_id\":" + std::to_string(failed->getValue<std::int64_t>("event_id")) +
            ",\"target\":\"" + failed->getValue<std::string>("target") + "\"}";
        const auto retried = admin.post("/admin/outbox/retry", retryBody);
        EXPECT_API_RESPONSE(retried, 200);
        QCOMPARE(retried.json()->getValue<bool>("retried"), true);
        // Still nowhere to go: failed again after one more attempt, counted from the retry.
        QTRY_VERIFY_WITH_TIMEOUT(
            deliveriesOf(admin, order, "&state=failed").size() == 1 &&
                deliveriesOf(admin, order).front()->getValue<std::int64_t>("attempts") == 1,
            deliveryTimeoutMs);
    }

    void aStorefrontKilledMidSendSendsAgainWithTheSameId() {
        WebhookReceiver receiver;
        auto admin = server_.admin();
        auto customer = server_.storefront();
        const auto sku = createFreshProduct(admin, "WHK", 900, 5);
        QVERIFY(addWebhook(admin, webhookBody(receiver)));
        receiver.hold();
        const auto order = buy(customer, sku, "eve@example.com");
        QVERIFY(!order.empty());
        QTRY_COMPARE_WITH_TIMEOUT(receiver.received().size(), std::size_t{1}, deliveryTimeoutMs);

        server_.process().kill(); // sent, not yet marked sent
        receiver.release();
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        QTRY_COMPARE_WITH_TIMEOUT(receiver.received().size(), std::size_t{2}, deliveryTimeoutMs);
        const auto received = receiver.received();
        QCOMPARE(received[1].headers.at("topcoat-event-id"),
                 received[0].headers.at("topcoat-event-id"));
        QCOMPARE(bodyOf(received[1])->getValue<std::string>("type"), "order.created");
        auto restarted = server_.admin();
        QTRY_COMPARE(stateOfOnlyDelivery(restarted, order), "sent");
    }
};

QTEST_GUILESS_MAIN(WebhooksTest)
#include "test_http_webhooks.moc"

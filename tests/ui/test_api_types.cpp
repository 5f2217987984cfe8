// The admin API parsers on hand-written JSON: every documented field read, and nothing returned
// when a required field is missing or of the wrong type, at any depth.

#include "tests/ui/ClusterJson.h"
#include "ui/ApiTypes.h"
#include "ui/OrderLife.h"
#include "ui/OutboxTypes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QtTest>

using namespace topcoat::ui;

namespace {

QJsonObject saleJson() {
    return {{"id", 7},
            {"name", "Black Friday"},
            {"starts_at", "2026-11-22T18:00:00Z"},
            {"ends_at", "2026-11-22T19:30:00Z"},
            {"state", "scheduled"},
            {"per_customer_limit", 2},
            {"items",
             QJsonArray{QJsonObject{{"sku", "NP-001"}, {"sale_price_cents", 899}, {"sold", 3}}}}};
}

QJsonObject productJson() {
    return {{"sku", "NP-001"},
            {"name", "Ruby"},
            {"shade_hex", "#9b111e"},
            {"price_cents", 1500},
            {"sale_price_cents", QJsonValue::Null},
            {"stock", 9},
            {"sale_id", QJsonValue::Null},
            {"stocked", 12},
            {"sold", 2},
            {"reserved", 1},
            {"archived", false}};
}

QJsonObject statsJson() {
    const QJsonObject latency{{"p50", 1.5}, {"p95", 4}, {"p99", QJsonValue::Null}};
    const QJsonObject sample{{"t", qint64(1763834400000)},
                             {"requests", 40},
                             {"checkouts", QJsonObject{{"confirmed", 3}, {"sold_out", 1}}},
                             {"latency_ms", latency},
                             {"in_flight", 2}};
    return {{"time", "2025-11-22T18:00:00Z"},
            {"requests_total", 1234},
            {"in_flight", 1},
            {"latency_ms", latency},
            {"checkouts", QJsonObject{{"confirmed", 30}, {"rejected", 4}}},
            {"orders", QJsonObject{{"committed", 30}, {"batches", 12}}},
            {"products", QJsonArray{QJsonObject{{"sku", "NP-001"},
                                                {"stocked", 50},
                                                {"sold", 30},
                                                {"reserved", 0},
                                                {"available", 20}}}},
            {"routes", QJsonArray{}},
            {"series", QJsonArray{sample}},
            {"protection", QJsonObject{{"rate_limited", 7},
                                       {"shed", 3},
                                       {"in_flight", 2},
                                       {"max_in_flight", 500},
                                       {"waiting_room", QJsonObject{{"enabled", true},
                                                                    {"admit_per_minute", 120},
                                                                    {"waiting", 40},
                                                                    {"joined", 90},
                                                                    {"admitted", 45},
                                                                    {"abandoned", 5}}}}}};
}

QJsonObject protectionJson() {
    return {{"client_rate", QJsonObject{{"per_second", 0}, {"burst", 60}}},
            {"max_in_flight", 800},
            {"waiting_room", QJsonObject{{"enabled", true},
                                         {"admit_per_minute", 90},
                                         {"randomize_before_open", false},
                                         {"pass_seconds", 300}}},
            {"trusted_proxies", QJsonArray{"10.0.0.0/8", "192.168.1.5"}},
            {"auto_degradation", QJsonObject{{"p99_ms_high", 400},
                                             {"p99_ms_low", 150},
                                             {"in_flight_high", 0},
                                             {"in_flight_low", 0},
                                             {"seconds_before_off", 5},
                                             {"seconds_before_on", 30},
                                             {"order", QJsonArray{"search", "reviews"}}}}};
}

QJsonObject degradationJson() {
    return {{"features", QJsonObject{{"reviews", false}, {"search", true}}},
            {"auto", true},
            {"history", QJsonArray{QJsonObject{{"at", "2025-11-22T18:00:05Z"},
                                               {"subject", "reviews"},
                                               {"enabled", false},
                                               {"source", "owner"},
                                               {"reason", "load test"}}}}};
}

QJsonObject logPageJson() {
    return {{"entries", QJsonArray{QJsonObject{{"id", 41},
                                               {"time_ms", qint64(1763834400123)},
                                               {"level", "info"},
                                               {"logger", "admin"},
                                               {"message", "sale 7 cancelled"}}}},
            {"last_id", 41}};
}

QJsonObject statusJson() {
    return {
        {"version", "0.1.0"},
        {"api_version", 1},
        {"started_at", "2025-11-22T17:00:00Z"},
        {"uptime_seconds", 3600},
        {"ready", true},
        {"ports", QJsonObject{{"storefront", 8080}, {"admin", 8081}}},
        {"bind", "127.0.0.1"},
        {"database", QJsonObject{{"path", "/var/lib/topcoat/topcoat.db"},
                                 {"size_bytes", 40960},
                                 {"durability", "power"}}},
        {"products", 24},
        {"sale", QJsonObject{{"state", "live"}, {"live", saleJson()}, {"next", QJsonValue::Null}}}};
}

QJsonObject shippingJson() {
    return {{"name", "Ana Müller"}, {"line1", "Hohe Straße 12"}, {"line2", "2. OG"},
            {"city", "Köln"},       {"postal_code", "50667"},    {"country", "DE"}};
}

QJsonObject orderJson() {
    return {{"order_id", "o_9f8e"},  {"sku", "NP-001"},
            {"quantity", 2},         {"unit_price_cents", 899},
            {"total_cents", 1798},   {"customer", "ana@example.com"},
            {"status", "confirmed"}, {"created_at", "2026-11-22T18:00:01Z"},
            {"sale_id", 7},          {"shipping", shippingJson()}};
}

// A value of a different JSON type than `value`, to prove a field's type is checked.
QJsonValue mistyped(const QJsonValue& value) {
    if (value.isString())
        return 12;
    if (value.isDouble() || value.isBool())
        return QStringLiteral("12");
    return value.isArray() ? QJsonValue(QJsonObject{}) : QJsonValue(QJsonArray{});
}

// The keys at the top level of `valid` whose removal `parse` still accepts.
template <typename Parse> QStringList acceptedWithout(const QJsonObject& valid, Parse parse) {
    QStringList accepted;
    for (const auto& key : valid.keys()) {
        auto json = valid;
        json.remove(key);
        if (parse(json))
            accepted << key;
    }
    return accepted;
}

// The keys at the top level of `valid` whose value `parse` still accepts with another type.
template <typename Parse> QStringList acceptedMistyped(const QJsonObject& valid, Parse parse) {
    QStringList accepted;
    for (const auto& key : valid.keys()) {
        if (valid[key].isNull())
            continue; // a null field is optional; its typed case is checked by the tests below
        auto json = valid;
        json[key] = mistyped(valid[key]);
        if (parse(json))
            accepted << key;
    }
    return accepted;
}

// `json` with the value at `path` (object keys, array index "0") replaced; null removes it.
QJsonObject with(const QJsonObject& json, QStringList path, const QJsonValue& value) {
    auto copy = json;
    const auto key = path.takeFirst();
    if (path.isEmpty()) {
        value.isUndefined() ? copy.remove(key) : void(copy[key] = value);
        return copy;
    }
    if (copy[key].isArray()) {
        auto array = copy[key].toArray();
        array[0] = with(array[0].toObject(), path.mid(1), value);
        copy[key] = array;
    } else {
        copy[key] = with(copy[key].toObject(), path, value);
    }
    return copy;
}

const QJsonValue removed = QJsonValue(QJsonValue::Undefined);

} // namespace

class ApiTypesTest : public QObject {
    Q_OBJECT

private slots:
    void statusListsEveryLiveSale() {
        // An older server names one live sale only: that is the list.
        const auto older = parseStatus(statusJson());
        QVERIFY(older);
        QCOMPARE(older->liveSales.size(), 1);
        QCOMPARE(older->liveSales[0].id, older->liveSale->id);

        auto second = saleJson();
        second["id"] = 8;
        second["name"] = "Glitter Rush";
        const auto json =
            with(statusJson(), {"sale", "live_sales"}, QJsonArray{saleJson(), second});
        const auto status = parseStatus(json);
        QVERIFY(status);
        QCOMPARE(status->liveSales.size(), 2);
        QCOMPARE(status->liveSales[1].name, QStringLiteral("Glitter Rush"));
        QVERIFY(parseStatus(with(statusJson(), {"sale", "live_sales"}, QJsonArray{}))
                    ->liveSales.isEmpty());
        QVERIFY(!parseStatus(with(json, {"sale", "live_sales"}, QJsonObject{})));
        QVERIFY(!parseStatus(with(json, {"sale", "live_sales", "0", "name"}, 3)));
    }

    void product() {
        const auto product = parseProduct(productJson());
        QVERIFY(product);
        QCOMPARE(product->sku, QStringLiteral("NP-001"));
        QCOMPARE(product->shadeHex, QStringLiteral("#9b111e"));
        QCOMPARE(product->priceCents, 1500);
        QVERIFY(!product->salePriceCents && !product->saleId);
        QCOMPARE(product->stock, 9);
        QCOMPARE(product->stocked, 12);
        QCOMPARE(product->sold, 2);
        QCOMPARE(product->reserved, 1);

        const auto onSale =
            parseProduct(with(with(productJson(), {"sale_price_cents"}, 999), {"sale_id"}, 7));
        QVERIFY(onSale);
        QCOMPARE(onSale->salePriceCents, std::optional<qint64>(999));
        QCOMPARE(onSale->saleId, std::optional<qint64>(7));

        QVERIFY(!product->archived);
        QVERIFY(parseProduct(with(productJson(), {"archived"}, true))->archived);

        // Nullable, so absent is none; "archived" is absent from servers that predate it.
        QCOMPARE(acceptedWithout(productJson(), parseProduct),
                 QStringList({"archived", "sale_id", "sale_price_cents"}));
        QCOMPARE(acceptedMistyped(productJson(), parseProduct), QStringList());
        QVERIFY(!parseProduct(with(productJson(), {"sale_price_cents"}, "999")));
        QVERIFY(!parseProduct(with(productJson(), {"price_cents"}, 15.5))); // not an integer
        QVERIFY(!parseProduct(with(productJson(), {"stock"}, 1e300)));      // beyond qint64
    }

    void integersStayExact() {
        // 2^53 + 1 is not a double; money must not be rounded on its way in.
        const auto json = QJsonDocument::fromJson(R"({"id":9007199254740993})").object();
        QVERIFY(parseSale(with(saleJson(), {"id"}, json["id"])));
        QCOMPARE(parseSale(with(saleJson(), {"id"}, json["id"]))->id, 9007199254740993LL);
    }

    void sale() {
        const auto sale = parseSale(saleJson());
        QVERIFY(sale);
        QCOMPARE(sale->id, 7);
        QCOMPARE(sale->name, QStringLiteral("Black Friday"));
        QCOMPARE(sale->startsAt, QDateTime(QDate(2026, 11, 22), QTime(18, 0), Qt::UTC));
        QCOMPARE(sale->endsAt.timeSpec(), Qt::UTC);
        QCOMPARE(sale->endsAt, QDateTime(QDate(2026, 11, 22), QTime(19, 30), Qt::UTC));
        QCOMPARE(sale->state, QStringLiteral("scheduled"));
        QCOMPARE(sale->perCustomerLimit, 2);
        QCOMPARE(sale->items.size(), 1);
        QCOMPARE(sale->items[0].sku, QStringLiteral("NP-001"));
        QCOMPARE(sale->items[0].salePriceCents, 899);
        QCOMPARE(sale->items[0].sold, 3);

        // An offset is read as the same instant, in UTC.
        const auto shifted =
            parseSale(with(saleJson(), {"starts_at"}, "2026-11-22T19:00:00+01:00"));
        QVERIFY(shifted);
        QCOMPARE(shifted->startsAt, sale->startsAt);
        QCOMPARE(shifted->startsAt.timeSpec(), Qt::UTC);

        QCOMPARE(acceptedWithout(saleJson(), parseSale), QStringList());
        QCOMPARE(acceptedMistyped(saleJson(), parseSale), QStringList());
        QVERIFY(!parseSale(with(saleJson(), {"starts_at"}, "next friday")));
        QVERIFY(!parseSale(with(saleJson(), {"items", "0", "sold"}, removed)));
        QVERIFY(!parseSale(with(saleJson(), {"items", "0", "sku"}, 1)));
        QVERIFY(!parseSale(with(saleJson(), {"items"}, QJsonArray{1})));
    }

    void order() {
        const auto order = parseOrder(orderJson());
        QVERIFY(order);
        QCOMPARE(order->orderId, QStringLiteral("o_9f8e"));
        QCOMPARE(order->quantity, 2);
        QCOMPARE(order->unitPriceCents, 899);
        QCOMPARE(order->totalCents, 1798);
        QCOMPARE(order->customer, QStringLiteral("ana@example.com"));
        QCOMPARE(order->createdAt, QDateTime(QDate(2026, 11, 22), QTime(18, 0, 1), Qt::UTC));
        QCOMPARE(order->saleId, std::optional<qint64>(7));
        const auto noSale = parseOrder(with(orderJson(), {"sale_id"}, QJsonValue::Null));
        QVERIFY(noSale);
        QVERIFY(!noSale->saleId);

        QCOMPARE(order->status, QStringLiteral("confirmed"));

        // "status" may be missing (a server from before an order's life: every order
        // confirmed), but not of another type.
        QCOMPARE(acceptedWithout(orderJson(), parseOrder),
                 QStringList({"sale_id", "shipping", "status"}));
        QCOMPARE(acceptedMistyped(orderJson(), parseOrder), QStringList());
        QVERIFY(!parseOrder(with(orderJson(), {"quantity"}, 2.5)));
        const auto refunded = parseOrder(with(orderJson(), {"status"}, "refunded"));
        QVERIFY(refunded);
        QCOMPARE(refunded->status, QStringLiteral("refunded"));
        const auto older = parseOrder(with(orderJson(), {"status"}, removed));
        QVERIFY(older);
        QCOMPARE(older->status, QStringLiteral("confirmed"));
    }

    void orderShipping() {
        const auto order = parseOrder(orderJson());
        QVERIFY(order && order->shipping);
        const auto& address = *order->shipping;
        QCOMPARE(address.name, QStringLiteral("Ana Müller"));
        QCOMPARE(address.line1, QStringLiteral("Hohe Straße 12"));
        QCOMPARE(address.line2, QStringLiteral("2. OG"));
        QCOMPARE(address.city, QStringLiteral("Köln"));
        QCOMPARE(address.postalCode, QStringLiteral("50667"));
        QCOMPARE(address.country, QStringLiteral("DE"));

        // null: the checkout gave none; absent: a server from before addresses.
        for (const auto& none : {QJsonValue(QJsonValue::Null), removed}) {
            const auto without = parseOrder(with(orderJson(), {"shipping"}, none));
            QVERIFY(without);
            QVERIFY(!without->shipping);
        }
        QVERIFY(!parseOrder(with(orderJson(), {"shipping"}, "Köln")));
        QVERIFY(!parseOrder(with(orderJson(), {"shipping"}, QJsonArray{})));

        // Inside it, the server always sends every field; the two a label can do without may be
        // missing, none may be of another type.
        const auto accepts = [](const QJsonObject& shipping) {
            return parseOrder(with(orderJson(), {"shipping"}, shipping)).has_value();
        };
        QCOMPARE(acceptedWithout(shippingJson(), accepts), QStringList({"line2", "postal_code"}));
        QCOMPARE(acceptedMistyped(shippingJson(), accepts), QStringList());
        QVERIFY(!accepts(with(shippingJson(), {"line2"}, QJsonValue::Null)));
        const auto shortOne = parseOrder(
            with(orderJson(), {"shipping"},
                 with(with(shippingJson(), {"line2"}, removed), {"postal_code"}, removed)));
        QVERIFY(shortOne && shortOne->shipping);
        QCOMPARE(shortOne->shipping->line2, QString());
        QCOMPARE(shortOne->shipping->postalCode, QString());
        QCOMPARE(shortOne->shipping->city, QStringLiteral("Köln"));

        // An order event's payload and an order's detail carry it the same way.
        const QJsonObject detail{
            {"order", orderJson()}, {"units_returned", false}, {"history", QJsonArray{}}};
        const auto parsedDetail = parseOrderDetail(detail);
        QVERIFY(parsedDetail && parsedDetail->order.shipping == order->shipping);
        QVERIFY(!parseOrderDetail(with(detail, {"order", "shipping", "country"}, 49)));
    }

    void orderDetail() {
        const QJsonObject move{{"status", "refunded"},
                               {"at", "2026-11-23T09:30:00Z"},
                               {"by", "ann"},
                               {"note", "returned unopened"},
                               {"units_returned", true}};
        const QJsonObject json{{"order", with(orderJson(), {"status"}, "refunded")},
                               {"units_returned", true},
                               {"history", QJsonArray{move}}};
        const auto detail = parseOrderDetail(json);
        QVERIFY(detail);
        QCOMPARE(detail->order.orderId, QStringLiteral("o_9f8e"));
        QCOMPARE(detail->order.status, QStringLiteral("refunded"));
        QVERIFY(detail->unitsReturned);
        QCOMPARE(detail->history.size(), 1);
        QCOMPARE(detail->history[0].status, QStringLiteral("refunded"));
        QCOMPARE(detail->history[0].at, QDateTime(QDate(2026, 11, 23), QTime(9, 30), Qt::UTC));
        QCOMPARE(detail->history[0].by, QStringLiteral("ann"));
        QCOMPARE(detail->history[0].note, QStringLiteral("returned unopened"));
        QVERIFY(detail->history[0].unitsReturned);

        QCOMPARE(acceptedWithout(json, parseOrderDetail), QStringList());
        QCOMPARE(acceptedMistyped(json, parseOrderDetail), QStringList());
        for (const auto& key : move.keys()) {
            QVERIFY2(!parseOrderDetail(with(json, {"history", "0", key}, removed)),
                     qPrintable(key));
            QVERIFY2(!parseOrderDetail(with(json, {"history", "0", key}, mistyped(move[key]))),
                     qPrintable(key));
        }
        QVERIFY(!parseOrderDetail(with(json, {"order", "quantity"}, "2")));
    }

    void orderMovesMirrorTheApiTable() {
        // server/API.md "An order's life": every pair not in the table is refused.
        const QSet<QString> allowed{"confirmed>fulfilled",
                                    "confirmed>cancelled",
                                    "awaiting_payment>paid",
                                    "awaiting_payment>expired",
                                    "awaiting_payment>cancelled",
                                    "paid>fulfilled",
                                    "paid>refunded",
                                    "fulfilled>refunded"};
        const auto statuses = orderStatuses();
        QCOMPARE(statuses.size(), 7);
        for (const auto& from : statuses)
            for (const auto& to : statuses)
                QVERIFY2(orderMoveAllowed(from, to) == allowed.contains(from + ">" + to),
                         qPrintable(from + " > " + to));
        QVERIFY(!orderMoveAllowed("shipped", "fulfilled")); // unknown to this console
        QCOMPARE(orderStatusTitle("awaiting_payment"), QStringLiteral("Awaiting payment"));
        QCOMPARE(orderStatusTitle("fulfilled"), QStringLiteral("Fulfilled"));
    }

    void orderStatusChangeBodySendsOnlyWhatIsSet() {
        OrderStatusChange fulfil;
        fulfil.status = "fulfilled";
        QCOMPARE(orderStatusChangeBody(fulfil), QJsonObject({{"status", "fulfilled"}}));
        OrderStatusChange refund;
        refund.status = "refunded";
        refund.restock = false; // false is sent: the server requires it with a refund
        refund.by = "ann";
        refund.note = "damaged in transit";
        QCOMPARE(orderStatusChangeBody(refund), QJsonObject({{"status", "refunded"},
                                                             {"restock", false},
                                                             {"by", "ann"},
                                                             {"note", "damaged in transit"}}));
    }

    void webhook() {
        const QJsonObject json{{"id", 3},
                               {"url", "http://127.0.0.1:9/x"},
                               {"events", QJsonArray{"order.created", "order.cancelled"}},
                               {"secret", "whsec_00ff"},
                               {"created_at", "2026-11-22T18:00:00Z"}};
        const auto webhook = parseWebhook(json);
        QVERIFY(webhook);
        QCOMPARE(webhook->id, 3);
        QCOMPARE(webhook->url, QStringLiteral("http://127.0.0.1:9/x"));
        QCOMPARE(webhook->events, QStringList({"order.created", "order.cancelled"}));
        QCOMPARE(webhook->secret, QStringLiteral("whsec_00ff"));
        QCOMPARE(acceptedWithout(json, parseWebhook), QStringList());
        QCOMPARE(acceptedMistyped(json, parseWebhook), QStringList());
        QVERIFY(!parseWebhook(with(json, {"events"}, QJsonArray{1})));
        QCOMPARE(orderEventTypes().size(), 6);
    }

    void outboxPage() {
        const QJsonObject pending{{"event_id", 12},
                                  {"type", "order.created"},
                                  {"order_id", "o_9f8e"},
                                  {"at", "2026-11-22T18:00:01Z"},
                                  {"target", "webhook:3"},
                                  {"state", "pending"},
                                  {"attempts", 2},
                                  {"next_attempt_at", "2026-11-22T18:00:05Z"},
                                  {"last_error", "connection refused"},
                                  {"sent_at", QJsonValue::Null}};
        const auto sent =
            with(with(with(pending, {"state"}, "sent"), {"next_attempt_at"}, QJsonValue::Null),
                 {"sent_at"}, "2026-11-22T18:00:02Z");
        const QJsonObject json{
            {"deliveries", QJsonArray{pending, sent}},
            {"counts", QJsonObject{{"new", 40}, {"pending", 1}, {"sent", 1}, {"failed", 0}}},
            {"next", "11"}};
        const auto page = parseOutboxPage(json);
        QVERIFY(page);
        QCOMPARE(page->deliveries.size(), 2);
        const auto& first = page->deliveries[0];
        QCOMPARE(first.eventId, 12);
        QCOMPARE(first.type, QStringLiteral("order.created"));
        QCOMPARE(first.orderId, QStringLiteral("o_9f8e"));
        QCOMPARE(first.target, QStringLiteral("webhook:3"));
        QCOMPARE(first.state, QStringLiteral("pending"));
        QCOMPARE(first.attempts, 2);
        QVERIFY(first.nextAttemptAt);
        QCOMPARE(*first.nextAttemptAt, QDateTime(QDate(2026, 11, 22), QTime(18, 0, 5), Qt::UTC));
        QCOMPARE(first.lastError, QStringLiteral("connection refused"));
        QVERIFY(!first.sentAt);
        QVERIFY(!page->deliveries[1].nextAttemptAt);
        QVERIFY(page->deliveries[1].sentAt);
        QCOMPARE(page->counts.pending, 1);
        QCOMPARE(page->counts.sent, 1);
        QCOMPARE(page->counts.failed, 0);
        QCOMPARE(page->counts.unplanned, std::optional<qint64>(40));
        QCOMPARE(page->next, std::optional<QString>("11"));

        const auto last = parseOutboxPage(with(json, {"next"}, QJsonValue::Null));
        QVERIFY(last && !last->next);
        QCOMPARE(acceptedWithout(json, parseOutboxPage), QStringList());
        QCOMPARE(acceptedMistyped(json, parseOutboxPage), QStringList());
        QCOMPARE(acceptedWithout(pending, parseDelivery),
                 QStringList({"next_attempt_at", "sent_at"}));
        QCOMPARE(acceptedMistyped(pending, parseDelivery), QStringList());
        QVERIFY(!parseOutboxPage(with(json, {"counts", "failed"}, removed)));
        // "new" came later: a server without it still lists its deliveries, uncounted.
        const auto older = parseOutboxPage(with(json, {"counts", "new"}, removed));
        QVERIFY(older);
        QVERIFY(!older->counts.unplanned);
        QCOMPARE(older->counts.pending, 1);
        QVERIFY(!parseOutboxPage(with(json, {"counts", "new"}, "40")));
        QVERIFY(!parseOutboxPage(with(json, {"counts", "new"}, QJsonValue::Null)));
        QVERIFY(!parseOutboxPage(with(json, {"counts", "new"}, 1.5)));
        QVERIFY(!parseOutboxPage(with(json, {"deliveries", "0", "sent_at"}, "yesterday")));
    }

    void statsCountStorefrontRequestsApart() {
        auto json = with(statsJson(), {"storefront_requests_total"}, 1000);
        json = with(json, {"series", "0", "storefront_requests"}, 0);
        const auto stats = parseStats(json);
        QVERIFY(stats);
        QCOMPARE(stats->requestsTotal, 1234);
        QCOMPARE(stats->storefrontRequestsTotal, 1000);
        QCOMPARE(stats->series[0].requests, 40);
        QCOMPARE(stats->series[0].storefrontRequests, 0); // zero, not the fallback
        QVERIFY(!parseStats(with(json, {"storefront_requests_total"}, "1000")));
        QVERIFY(!parseStats(with(json, {"series", "0", "storefront_requests"}, 0.5)));
    }

    void stats() {
        const auto stats = parseStats(statsJson());
        QVERIFY(stats);
        QCOMPARE(stats->requestsTotal, 1234);
        QCOMPARE(stats->inFlight, 1);
        QCOMPARE(stats->p50Ms, 1.5);
        QCOMPARE(stats->p95Ms, 4.0);
        QCOMPARE(stats->p99Ms, 0.0); // the server writes a non-finite number as null
        QCOMPARE(stats->checkouts.value("confirmed"), 30);
        QCOMPARE(stats->checkouts.value("rejected"), 4);
        QCOMPARE(stats->ordersCommitted, 30);
        QCOMPARE(stats->products.size(), 1);
        QCOMPARE(stats->products[0].available, 20);
        QCOMPARE(stats->series.size(), 1);
        const auto& sample = stats->series[0];
        QCOMPARE(sample.at, QDateTime::fromMSecsSinceEpoch(1763834400000, Qt::UTC));
        QCOMPARE(sample.at.timeSpec(), Qt::UTC);
        QCOMPARE(sample.requests, 40);
        QCOMPARE(sample.checkouts.value("sold_out"), 1);
        QCOMPARE(sample.p50Ms, 1.5);
        QCOMPARE(sample.inFlight, 2);

        // An older server sends no storefront counts: the console charts all requests then.
        QCOMPARE(stats->storefrontRequestsTotal, 1234);
        QCOMPARE(sample.storefrontRequests, 40);

        // Only "routes" is not read.
        QCOMPARE(acceptedWithout(statsJson(), parseStats), QStringList({"routes"}));
        QCOMPARE(acceptedMistyped(statsJson(), parseStats), QStringList({"routes"}));
        QVERIFY(!parseStats(with(statsJson(), {"orders", "committed"}, removed)));
        QVERIFY(!parseStats(with(statsJson(), {"checkouts", "confirmed"}, "30")));
        QVERIFY(!parseStats(with(statsJson(), {"latency_ms", "p95"}, "4")));
        QVERIFY(!parseStats(with(statsJson(), {"products", "0", "available"}, removed)));
        QVERIFY(!parseStats(with(statsJson(), {"series", "0", "in_flight"}, removed)));
        QVERIFY(!parseStats(with(statsJson(), {"series", "0", "t"}, "1763834400000")));
        QVERIFY(!parseStats(with(statsJson(), {"series", "0", "checkouts", "shed"}, true)));

        const auto& p = stats->protection;
        QCOMPARE(p.rateLimited, 7);
        QCOMPARE(p.shed, 3);
        QCOMPARE(p.inFlight, 2);
        QCOMPARE(p.maxInFlight, 500);
        QVERIFY(p.waitingRoom.enabled);
        QCOMPARE(p.waitingRoom.admitPerMinute, 120);
        QCOMPARE(p.waitingRoom.waiting, 40);
        QCOMPARE(p.waitingRoom.joined, 90);
        QCOMPARE(p.waitingRoom.admitted, 45);
        QCOMPARE(p.waitingRoom.abandoned, 5);
        const auto protection = statsJson()["protection"].toObject();
        QCOMPARE(acceptedWithout(protection, parseProtectionCounts), QStringList());
        QCOMPARE(acceptedMistyped(protection, parseProtectionCounts), QStringList());
        QVERIFY(
            !parseStats(with(statsJson(), {"protection", "waiting_room", "admitted"}, removed)));
        QVERIFY(!parseStats(with(statsJson(), {"protection", "waiting_room", "enabled"}, 1)));
        QVERIFY(!parseStats(with(statsJson(), {"protection", "shed"}, 1.5)));
    }

    void protection() {
        const auto settings = parseProtection(protectionJson());
        QVERIFY(settings);
        QCOMPARE(settings->perSecond, 0);
        QCOMPARE(settings->burst, 60);
        QCOMPARE(settings->maxInFlight, 800);
        QVERIFY(settings->waitingRoomEnabled);
        QCOMPARE(settings->admitPerMinute, 90);
        QVERIFY(!settings->randomizeBeforeOpen);
        QCOMPARE(settings->passSeconds, 300);
        QCOMPARE(settings->trustedProxies, QStringList({"10.0.0.0/8", "192.168.1.5"}));
        QCOMPARE(settings->p99MsHigh, 400);
        QCOMPARE(settings->p99MsLow, 150);
        QCOMPARE(settings->inFlightHigh, 0);
        QCOMPARE(settings->inFlightLow, 0);
        QCOMPARE(settings->secondsBeforeOff, 5);
        QCOMPARE(settings->secondsBeforeOn, 30);
        QCOMPARE(settings->featureOrder, QStringList({"search", "reviews"}));

        QCOMPARE(acceptedWithout(protectionJson(), parseProtection), QStringList());
        QCOMPARE(acceptedMistyped(protectionJson(), parseProtection), QStringList());
        for (const auto* part : {"client_rate", "waiting_room", "auto_degradation"}) {
            const auto nested = protectionJson()[QLatin1StringView(part)].toObject();
            const auto parseWith = [&](const QJsonObject& object) {
                return parseProtection(with(protectionJson(), {part}, object));
            };
            QCOMPARE(acceptedWithout(nested, parseWith), QStringList());
            QCOMPARE(acceptedMistyped(nested, parseWith), QStringList());
        }
        QVERIFY(!parseProtection(with(protectionJson(), {"trusted_proxies"}, QJsonArray{1})));
        QVERIFY(!parseProtection(
            with(protectionJson(), {"auto_degradation", "order"}, QJsonArray{true})));
        QVERIFY(!parseProtection(with(protectionJson(), {"max_in_flight"}, 2.5)));
    }

    void degradation() {
        const auto state = parseDegradation(degradationJson());
        QVERIFY(state);
        QCOMPARE(state->features.size(), 2);
        QCOMPARE(state->features.value("reviews", true), false);
        QCOMPARE(state->features.value("search", false), true);
        QVERIFY(state->automatic);
        QCOMPARE(state->history.size(), 1);
        QCOMPARE(state->history[0].at, QDateTime(QDate(2025, 11, 22), QTime(18, 0, 5), Qt::UTC));
        QCOMPARE(state->history[0].subject, QStringLiteral("reviews"));
        QVERIFY(!state->history[0].enabled);
        QCOMPARE(state->history[0].source, QStringLiteral("owner"));
        QCOMPARE(state->history[0].reason, QStringLiteral("load test"));

        QCOMPARE(acceptedWithout(degradationJson(), parseDegradation), QStringList());
        QCOMPARE(acceptedMistyped(degradationJson(), parseDegradation), QStringList());
        QVERIFY(!parseDegradation(with(degradationJson(), {"features", "search"}, "on")));
        QVERIFY(!parseDegradation(with(degradationJson(), {"history", "0", "reason"}, removed)));
        QVERIFY(!parseDegradation(with(degradationJson(), {"history", "0", "at"}, "yesterday")));
    }

    void logPage() {
        const auto page = parseLogPage(logPageJson());
        QVERIFY(page);
        QCOMPARE(page->lastId, 41);
        QCOMPARE(page->entries.size(), 1);
        QCOMPARE(page->entries[0].id, 41);
        QCOMPARE(page->entries[0].time, QDateTime::fromMSecsSinceEpoch(1763834400123, Qt::UTC));
        QCOMPARE(page->entries[0].level, QStringLiteral("info"));
        QCOMPARE(page->entries[0].logger, QStringLiteral("admin"));
        QCOMPARE(page->entries[0].message, QStringLiteral("sale 7 cancelled"));

        QCOMPARE(acceptedWithout(logPageJson(), parseLogPage), QStringList());
        QCOMPARE(acceptedMistyped(logPageJson(), parseLogPage), QStringList());
        QVERIFY(!parseLogPage(with(logPageJson(), {"entries", "0", "message"}, 5)));
        QVERIFY(!parseLogPage(with(logPageJson(), {"entries", "0", "time_ms"}, removed)));
        QVERIFY(parseLogPage(with(logPageJson(), {"entries"}, QJsonArray{})));
    }

    void status() {
        const auto status = parseStatus(statusJson());
        QVERIFY(status);
        QCOMPARE(status->version, QStringLiteral("0.1.0"));
        QCOMPARE(status->startedAt, QDateTime(QDate(2025, 11, 22), QTime(17, 0), Qt::UTC));
        QCOMPARE(status->uptimeSeconds, 3600);
        QVERIFY(status->ready);
        QCOMPARE(status->storefrontPort, 8080);
        QCOMPARE(status->adminPort, 8081);
        QCOMPARE(status->bind, QStringLiteral("127.0.0.1"));
        QCOMPARE(status->databasePath, QStringLiteral("/var/lib/topcoat/topcoat.db"));
        QCOMPARE(status->databaseBytes, 40960);
        QCOMPARE(status->durability, QStringLiteral("power"));
        QCOMPARE(status->products, 24);
        QCOMPARE(status->saleState, QStringLiteral("live"));
        QVERIFY(status->liveSale);
        QCOMPARE(status->liveSale->id, 7);
        QVERIFY(!status->nextSale);

        // "api_version" is not kept; everything else is required.
        QCOMPARE(acceptedWithout(statusJson(), parseStatus), QStringList({"api_version"}));
        QCOMPARE(acceptedMistyped(statusJson(), parseStatus), QStringList({"api_version"}));
        QVERIFY(!parseStatus(with(statusJson(), {"ports", "admin"}, "8081")));
        QVERIFY(!parseStatus(with(statusJson(), {"ports", "admin"}, qint64(1) << 40)));
        QVERIFY(!parseStatus(with(statusJson(), {"database", "durability"}, removed)));
        QVERIFY(!parseStatus(with(statusJson(), {"sale", "next"}, removed)));
        QVERIFY(!parseStatus(with(statusJson(), {"sale", "live", "items"}, removed)));
        QVERIFY(!parseStatus(with(statusJson(), {"sale", "live"}, "7")));
    }

    void clusterOfTwoNodesOneDown() {
        const auto cluster = parseCluster(topcoat::test::twoNodesOneDownJson());
        QVERIFY(cluster);
        QCOMPARE(cluster->thisNode, QStringLiteral("shop1:8080"));
        QCOMPARE(cluster->nodes.size(), 2);
        const auto& first = cluster->nodes[0];
        QCOMPARE(first.node, QStringLiteral("shop1:8080"));
        QCOMPARE(first.admin, QStringLiteral("127.0.0.1:8081"));
        QCOMPARE(first.version, QStringLiteral("0.1.0"));
        QCOMPARE(first.startedAt, QDateTime(QDate(2026, 12, 3), QTime(17, 40, 2), Qt::UTC));
        QCOMPARE(first.reportedAt, QDateTime(QDate(2026, 12, 3), QTime(18, 0, 1), Qt::UTC));
        QCOMPARE(first.inventory, QStringLiteral("redis://10.0.0.5:6379"));
        QCOMPARE(first.orders, QStringLiteral("postgresql://topcoat@10.0.0.5:5432/topcoat"));
        QCOMPARE(first.ordersCommitted, 412);
        QCOMPARE(first.storefrontRequests, 2210);
        QCOMPARE(first.checkouts.value(QStringLiteral("confirmed")), 31);
        QCOMPARE(first.checkouts.value(QStringLiteral("rate_limited")), 5);
        QCOMPARE(first.p99Ms, 12.5);
        QCOMPARE(first.inFlight, 7);
        QVERIFY(first.up);
        QCOMPARE(cluster->nodes[1].node, QStringLiteral("shop2:8080"));
        QVERIFY(!cluster->nodes[1].up);
        // The totals as the server sent them: the node that is down is not in them.
        QCOMPARE(cluster->totals.nodesUp, 1);
        QCOMPARE(cluster->totals.storefrontRequests, 2210);
        QCOMPARE(cluster->totals.confirmed, 31);
        QCOMPARE(cluster->totals.inFlight, 7);
        QCOMPARE(cluster->totals.ordersCommitted, 412);
    }

    void clusterRefusesMalformedPieces() {
        const auto valid = topcoat::test::twoNodesOneDownJson();
        QCOMPARE(acceptedWithout(valid, parseCluster), QStringList());
        QCOMPARE(acceptedMistyped(valid, parseCluster), QStringList());
        const auto node = valid[QStringLiteral("nodes")].toArray()[0].toObject();
        const auto nodeParses = [](const QJsonObject& json) {
            auto cluster = topcoat::test::twoNodesOneDownJson();
            auto nodes = cluster[QStringLiteral("nodes")].toArray();
            nodes[0] = json;
            cluster[QStringLiteral("nodes")] = nodes;
            return parseCluster(cluster).has_value();
        };
        QCOMPARE(acceptedWithout(node, nodeParses), QStringList());
        QCOMPARE(acceptedMistyped(node, nodeParses), QStringList());
        const auto totals = valid[QStringLiteral("totals")].toObject();
        const auto totalsParse = [](const QJsonObject& json) {
            return parseCluster(with(topcoat::test::twoNodesOneDownJson(), {"totals"}, json))
                .has_value();
        };
        QCOMPARE(acceptedWithout(totals, totalsParse), QStringList());
        QCOMPARE(acceptedMistyped(totals, totalsParse), QStringList());
        for (const char* key : {"storefront_requests", "checkouts", "p99_ms", "in_flight"})
            QVERIFY2(!parseCluster(with(valid, {"nodes", "0", "last_second", key}, removed)), key);
        QVERIFY(!parseCluster(with(valid, {"nodes", "0", "last_second", "in_flight"}, 1.5)));
        QVERIFY(!parseCluster(
            with(valid, {"nodes", "0", "last_second", "checkouts", "confirmed"}, "31")));
        QVERIFY(!parseCluster(with(valid, {"nodes", "0", "reported_at"}, "yesterday")));
        QVERIFY(!parseCluster(with(valid, {"nodes", "0", "up"}, 1)));
        QVERIFY(!parseCluster(with(valid, {"nodes"}, QJsonArray{QJsonObject{}, 3})));
        // The server writes a latency of no data as null: read as 0.
        const auto quiet =
            parseCluster(with(valid, {"nodes", "0", "last_second", "p99_ms"}, QJsonValue::Null));
        QVERIFY(quiet);
        QCOMPARE(quiet->nodes[0].p99Ms, 0.0);
        // A storefront alone lists only itself.
        const auto alone = parseCluster(topcoat::test::clusterJson(
            QStringLiteral("shop1:8080"), {{QStringLiteral("shop1:8080")}}));
        QVERIFY(alone);
        QCOMPARE(alone->nodes.size(), 1);
    }
};

QTEST_GUILESS_MAIN(ApiTypesTest)
#include "test_api_types.moc"

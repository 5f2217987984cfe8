// AdminClient against a real topcoatd: every call with its parsed values and the API errors it
// passes on. (A wrong token and transport failures: test_admin_client_failures.) The protection
// tests run last and put the server's defaults back, since they limit the storefront.

#include "ClientTestKit.h"
#include "LiveShop.h"
#include "tests/support/HttpClient.h"

#include <QDeadlineTimer>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace topcoat::ui;
using topcoat::test::await;

class AdminClientTest : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    topcoat::test::LiveShop shop_{network_};
    AdminClient* client_ = nullptr; // the shop's

    // Every protection setting back to the server's defaults (the room off, no tight limits).
    void restoreProtectionDefaults() {
        const ProtectionSettings defaults;
        ProtectionChange all;
        all.perSecond = defaults.perSecond;
        all.burst = defaults.burst;
        all.maxInFlight = defaults.maxInFlight;
        all.waitingRoomEnabled = defaults.waitingRoomEnabled;
        all.admitPerMinute = defaults.admitPerMinute;
        all.randomizeBeforeOpen = defaults.randomizeBeforeOpen;
        all.passSeconds = defaults.passSeconds;
        all.trustedProxies = defaults.trustedProxies;
        all.p99MsHigh = defaults.p99MsHigh;
        all.p99MsLow = defaults.p99MsLow;
        all.inFlightHigh = defaults.inFlightHigh;
        all.inFlightLow = defaults.inFlightLow;
        all.secondsBeforeOff = defaults.secondsBeforeOff;
        all.secondsBeforeOn = defaults.secondsBeforeOn;
        all.featureOrder = defaults.featureOrder;
        const auto restored = await<ProtectionSettings>(
            [&](QObject* c, auto done) { client_->setProtection(all, c, done); });
        TOPCOAT_REQUIRE_OK(restored);
        QCOMPARE(*restored->value, defaults);
    }

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
        client_ = &shop_.client();
    }

    // Runs first, while the shop has no sales.
    void status() {
        const auto status =
            await<ServerStatus>([&](QObject* c, auto done) { client_->status(c, done); });
        TOPCOAT_REQUIRE_OK(status);
        const auto& s = *status->value;
        QVERIFY(!s.version.isEmpty());
        QVERIFY(s.ready);
        QCOMPARE(s.storefrontPort, int(shop_.server().port()));
        QCOMPARE(s.adminPort, int(shop_.server().adminPort()));
        QCOMPARE(s.bind, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.durability, QStringLiteral("process"));
        QVERIFY2(s.databasePath.endsWith(QStringLiteral("topcoat.db")), qPrintable(s.databasePath));
        QVERIFY(s.databaseBytes > 0);
        QVERIFY(s.startedAt.isValid());
        QCOMPARE(s.startedAt.timeSpec(), Qt::UTC);
        QVERIFY(s.uptimeSeconds >= 0);
        QCOMPARE(s.products, 0);
        QCOMPARE(s.saleState, QStringLiteral("none"));
        QVERIFY(!s.liveSale && !s.nextSale);
    }

    void clusterOfAStorefrontAloneListsItself() {
        const auto cluster =
            await<ClusterInfo>([&](QObject* c, auto done) { client_->cluster(c, done); });
        TOPCOAT_REQUIRE_OK(cluster);
        const auto& info = *cluster->value;
        QVERIFY2(info.thisNode.endsWith(QStringLiteral(":%1").arg(shop_.server().port())),
                 qPrintable(info.thisNode));
        QCOMPARE(info.nodes.size(), 1);
        const auto& self = info.nodes[0];
        QCOMPARE(self.node, info.thisNode);
        QVERIFY(self.up);
        QCOMPARE(self.admin, QStringLiteral("127.0.0.1:%1").arg(shop_.server().adminPort()));
        QCOMPARE(self.inventory, QStringLiteral("memory"));
        QCOMPARE(self.orders, QStringLiteral("sqlite"));
        QCOMPARE(info.totals.nodesUp, 1);
        QCOMPARE(info.totals.ordersCommitted, self.ordersCommitted);
    }

    void createUpdateRestockProduct() {
        const ProductDraft draft{shop_.freshSku("CRU"), QStringLiteral("Ruby"),
                                 QStringLiteral("#9b111e"), 1500, 12};
        const auto created =
            await<Product>([&](QObject* c, auto done) { client_->createProduct(draft, c, done); });
        TOPCOAT_REQUIRE_OK(created);
        const auto& p = *created->value;
        QCOMPARE(p.sku, draft.sku);
        QCOMPARE(p.name, QStringLiteral("Ruby"));
        QCOMPARE(p.shadeHex, QStringLiteral("#9b111e"));
        QCOMPARE(p.priceCents, 1500);
        QCOMPARE(p.stock, 12);
        QCOMPARE(p.stocked, 12);
        QCOMPARE(p.sold, 0);
        QVERIFY(!p.salePriceCents && !p.saleId);

        // Only the fields given change.
        ProductChange change;
        change.name = QStringLiteral("Deep ruby");
        change.priceCents = 1700;
        const auto updated = await<Product>(
            [&](QObject* c, auto done) { client_->updateProduct(draft.sku, change, c, done); });
        TOPCOAT_REQUIRE_OK(updated);
        QCOMPARE(updated->value->name, QStringLiteral("Deep ruby"));
        QCOMPARE(updated->value->priceCents, 1700);
        QCOMPARE(updated->value->shadeHex, QStringLiteral("#9b111e"));

        const auto restocked =
            await<Product>([&](QObject* c, auto done) { client_->restock(draft.sku, 5, c, done); });
        TOPCOAT_REQUIRE_OK(restocked);
        QCOMPARE(restocked->value->stock, 17);
        QCOMPARE(restocked->value->stocked, 17);

        // Sold units show up in the list, and a write-off lowers `stocked`.
        QVERIFY(!shop_.checkout(draft.sku, 3, QStringLiteral("ana@example.com")).isEmpty());
        const auto writtenOff = await<Product>(
            [&](QObject* c, auto done) { client_->restock(draft.sku, -4, c, done); });
        TOPCOAT_REQUIRE_OK(writtenOff);
        QCOMPARE(writtenOff->value->stocked, 13);
        const auto listed = shop_.findProduct(draft.sku);
        QVERIFY(listed);
        QCOMPARE(listed->sold, 3);
        QCOMPARE(listed->stock, 10);
        QCOMPARE(listed->stock + listed->reserved + listed->sold, listed->stocked);
    }

    void productErrors() {
        const auto sku = shop_.addProduct("ERR", 1000, 2);
        QVERIFY(!sku.isEmpty());
        ProductChange rename;
        rename.name = QStringLiteral("Nope");
        const auto unknownUpdate = await<Product>(
            [&](QObject* c, auto done) { client_->updateProduct("NO-SUCH-SKU", rename, c, done); });
        TOPCOAT_REQUIRE_ERROR(unknownUpdate, 404, "unknown_sku");
        const auto unknownRestock = await<Product>(
            [&](QObject* c, auto done) { client_->restock("NO-SUCH-SKU", 1, c, done); });
        TOPCOAT_REQUIRE_ERROR(unknownRestock, 404, "unknown_sku");

        const ProductDraft duplicate{sku, QStringLiteral("Twin"), QStringLiteral("#000000"), 1, 1};
        const auto exists = await<Product>(
            [&](QObject* c, auto done) { client_->createProduct(duplicate, c, done); });
        TOPCOAT_REQUIRE_ERROR(exists, 409, "sku_exists");

        const ProductDraft badHex{shop_.freshSku("BAD"), QStringLiteral("Bad"),
                                  QStringLiteral("blue"), 100, 1};
        const auto invalid =
            await<Product>([&](QObject* c, auto done) { client_->createProduct(badHex, c, done); });
        TOPCOAT_REQUIRE_ERROR(invalid, 400, "invalid_request");
        QVERIFY(!invalid->error->message.isEmpty());

        // An empty change sends "{}", which the server refuses rather than ignores.
        const auto empty = await<Product>(
            [&](QObject* c, auto done) { client_->updateProduct(sku, ProductChange{}, c, done); });
        TOPCOAT_REQUIRE_ERROR(empty, 400, "invalid_request");

        const auto tooMany =
            await<Product>([&](QObject* c, auto done) { client_->restock(sku, -3, c, done); });
        TOPCOAT_REQUIRE_ERROR(tooMany, 409, "insufficient_stock");
        const auto unchanged = shop_.findProduct(sku);
        QVERIFY(unchanged);
        QCOMPARE(unchanged->stock, 2);
    }

    void scheduledSaleListedAndCancelled() {
        const auto sku = shop_.addProduct("SAL", 1000, 5);
        QVERIFY(!sku.isEmpty());
        const auto created = shop_.createSale(sku, 800, 3600, 3600);
        TOPCOAT_REQUIRE_OK(created);
        const auto& sale = *created->value;
        QVERIFY(sale.id > 0);
        QCOMPARE(sale.state, QStringLiteral("scheduled"));
        QCOMPARE(sale.perCustomerLimit, 2);
        QCOMPARE(sale.endsAt, sale.startsAt.addSecs(3600));
        QCOMPARE(sale.items.size(), 1);
        QCOMPARE(sale.items[0].sku, sku);
        QCOMPARE(sale.items[0].salePriceCents, 800);
        QCOMPARE(sale.items[0].sold, 0);

        const auto listed = shop_.findSale(sale.id);
        QVERIFY(listed);
        QCOMPARE(listed->name, sale.name);
        QCOMPARE(listed->startsAt, sale.startsAt);
        QCOMPARE(listed->state, QStringLiteral("scheduled"));

        // A second sale of the same SKU at an overlapping time is refused.
        TOPCOAT_REQUIRE_ERROR(shop_.createSale(sku, 700, 1800, 3600), 409, "sale_overlap");
        // ends_at before starts_at is a bad request.
        TOPCOAT_REQUIRE_ERROR(shop_.createSale(sku, 700, 7200, -60), 400, "invalid_request");

        const auto cancelled =
            await<Sale>([&](QObject* c, auto done) { client_->cancelSale(sale.id, c, done); });
        TOPCOAT_REQUIRE_OK(cancelled);
        QCOMPARE(cancelled->value->id, sale.id);
        QCOMPARE(cancelled->value->state, QStringLiteral("cancelled"));
        const auto relisted = shop_.findSale(sale.id);
        QVERIFY(relisted);
        QCOMPARE(relisted->state, QStringLiteral("cancelled"));

        const auto unknown =
            await<Sale>([&](QObject* c, auto done) { client_->cancelSale(999999, c, done); });
        TOPCOAT_REQUIRE_ERROR(unknown, 404, "unknown_sale");
    }

    void scheduledSaleEdited() {
        const auto sku = shop_.addProduct("EDT", 1000, 5);
        const auto other = shop_.addProduct("EDT", 2000, 5);
        QVERIFY(!sku.isEmpty() && !other.isEmpty());
        const auto created = shop_.createSale(sku, 800, 3600, 3600);
        TOPCOAT_REQUIRE_OK(created);
        const auto id = created->value->id;

        SaleDraft draft;
        draft.name = QStringLiteral("Edited sale");
        draft.startsAt = created->value->startsAt.addSecs(7200);
        draft.endsAt = draft.startsAt.addSecs(5400);
        draft.perCustomerLimit = 4;
        draft.items = {SaleItem{other, 1500, 0}, SaleItem{sku, 750, 0}};
        const auto edited =
            await<Sale>([&](QObject* c, auto done) { client_->updateSale(id, draft, c, done); });
        TOPCOAT_REQUIRE_OK(edited);
        const auto check = [&](const Sale& sale) {
            QCOMPARE(sale.id, id);
            QCOMPARE(sale.name, draft.name);
            QCOMPARE(sale.startsAt, draft.startsAt);
            QCOMPARE(sale.endsAt, draft.endsAt);
            QCOMPARE(sale.state, QStringLiteral("scheduled"));
            QCOMPARE(sale.perCustomerLimit, 4);
            QCOMPARE(sale.items.size(), 2);
            for (const auto& item : sale.items)
                QCOMPARE(item.salePriceCents, item.sku == sku ? 750 : 1500);
        };
        check(*edited->value);
        const auto listed = shop_.findSale(id);
        QVERIFY(listed);
        check(*listed);

        // What the server refuses comes back as its API error, and changes nothing.
        SaleDraft backwards = draft;
        backwards.endsAt = backwards.startsAt.addSecs(-60);
        TOPCOAT_REQUIRE_ERROR(await<Sale>([&](QObject* c, auto done) {
                                  client_->updateSale(id, backwards, c, done);
                              }),
                              400, "invalid_request");
        const auto rival = shop_.createSale(other, 100, 20000, 3600);
        TOPCOAT_REQUIRE_OK(rival);
        SaleDraft clash = draft;
        clash.endsAt = rival->value->endsAt;
        TOPCOAT_REQUIRE_ERROR(
            await<Sale>([&](QObject* c, auto done) { client_->updateSale(id, clash, c, done); }),
            409, "sale_overlap");
        TOPCOAT_REQUIRE_ERROR(await<Sale>([&](QObject* c, auto done) {
                                  client_->updateSale(999999, draft, c, done);
                              }),
                              404, "unknown_sale");
        const auto kept = shop_.findSale(id);
        QVERIFY(kept);
        check(*kept);

        // Once cancelled, no longer editable.
        const auto cancelled =
            await<Sale>([&](QObject* c, auto done) { client_->cancelSale(id, c, done); });
        TOPCOAT_REQUIRE_OK(cancelled);
        TOPCOAT_REQUIRE_ERROR(
            await<Sale>([&](QObject* c, auto done) { client_->updateSale(id, draft, c, done); }),
            409, "sale_not_editable");
        QCOMPARE(shop_.findSale(id)->state, QStringLiteral("cancelled"));
    }

    void liveSaleOnProductsAndStatus() {
        const auto sku = shop_.addProduct("LIV", 1000, 5);
        QVERIFY(!sku.isEmpty());
        const auto created = shop_.createSale(sku, 600, -60, 3600);
        TOPCOAT_REQUIRE_OK(created);
        const auto id = created->value->id;
        QCOMPARE(created->value->state, QStringLiteral("live"));

        const auto product = shop_.findProduct(sku);
        QVERIFY(product);
        QCOMPARE(product->salePriceCents, std::optional<qint64>(600));
        QCOMPARE(product->saleId, std::optional<qint64>(id));
        QVERIFY(!shop_.checkout(sku, 2, QStringLiteral("bo@example.com")).isEmpty());
        const auto selling = shop_.findSale(id);
        QVERIFY(selling);
        QCOMPARE(selling->items.value(0).sold, 2);

        const auto status =
            await<ServerStatus>([&](QObject* c, auto done) { client_->status(c, done); });
        TOPCOAT_REQUIRE_OK(status);
        QCOMPARE(status->value->saleState, QStringLiteral("live"));
        QVERIFY(status->value->liveSale);
        QCOMPARE(status->value->liveSale->id, id);

        // Cancelled, so later tests see a shop without a live sale.
        const auto cancelled =
            await<Sale>([&](QObject* c, auto done) { client_->cancelSale(id, c, done); });
        TOPCOAT_REQUIRE_OK(cancelled);
        const auto after = shop_.findProduct(sku);
        QVERIFY(after);
        QVERIFY(!after->salePriceCents);
    }

    void ordersPageWithCursor() {
        const auto sku = shop_.addProduct("ORD", 250, 20);
        QVERIFY(!sku.isEmpty());
        QStringList placed;
        for (int i = 1; i <= 5; ++i) {
            placed << shop_.checkout(sku, i, QStringLiteral("buyer%1@example.com").arg(i));
            QVERIFY(!placed.last().isEmpty());
        }

        // Page through everything two at a time: oldest first, `next` until the last page.
        QList<Order> mine;
        QString cursor;
        for (int pages = 0;; ++pages) {
            QVERIFY2(pages < 100, "the cursor never reached the end");
            const auto page = await<OrderPage>(
                [&](QObject* c, auto done) { client_->orders(cursor, 2, c, done); });
            TOPCOAT_REQUIRE_OK(page);
            QVERIFY(page->value->orders.size() <= 2);
            for (const auto& order : page->value->orders)
                if (order.sku == sku)
                    mine << order;
            if (!page->value->next)
                break;
            QCOMPARE(page->value->orders.size(), 2);
            QVERIFY(*page->value->next != cursor);
            cursor = *page->value->next;
        }
        QCOMPARE(mine.size(), 5);
        for (int i = 0; i < 5; ++i) {
            QCOMPARE(mine[i].orderId, placed[i]);
            QCOMPARE(mine[i].quantity, i + 1);
            QCOMPARE(mine[i].unitPriceCents, 250);
            QCOMPARE(mine[i].totalCents, 250 * (i + 1));
            QCOMPARE(mine[i].customer, QStringLiteral("buyer%1@example.com").arg(i + 1));
            QVERIFY(mine[i].createdAt.isValid());
            QVERIFY(!mine[i].saleId);
        }
    }

    void degradationWithHistoryAndReason() {
        const auto before =
            await<DegradationState>([&](QObject* c, auto done) { client_->degradation(c, done); });
        TOPCOAT_REQUIRE_OK(before);
        QCOMPARE(before->value->features.keys(),
                 QStringList({"recommendations", "reviews", "search", "wishlists"}));
        QVERIFY(before->value->features.value("reviews"));

        const auto off = await<DegradationState>([&](QObject* c, auto done) {
            client_->setDegradation({{"reviews", false}}, std::nullopt, "load test", c, done);
        });
        TOPCOAT_REQUIRE_OK(off);
        QVERIFY(!off->value->features.value("reviews"));
        QVERIFY(off->value->features.value("search")); // not sent, so unchanged
        QCOMPARE(off->value->automatic, before->value->automatic);
        QCOMPARE(off->value->history.size(), before->value->history.size() + 1);
        const auto change = off->value->history.last();
        QCOMPARE(change.subject, QStringLiteral("reviews"));
        QVERIFY(!change.enabled);
        QCOMPARE(change.source, QStringLiteral("owner"));
        QCOMPARE(change.reason, QStringLiteral("load test"));
        QVERIFY(change.at.isValid());

        // "auto" alone, without a reason, and the switch back on.
        const auto automatic = await<DegradationState>([&](QObject* c, auto done) {
            client_->setDegradation({{"reviews", true}}, !before->value->automatic, {}, c, done);
        });
        TOPCOAT_REQUIRE_OK(automatic);
        QCOMPARE(automatic->value->automatic, !before->value->automatic);
        QVERIFY(automatic->value->features.value("reviews"));
        QCOMPARE(automatic->value->history.last().reason, QString());
        const auto restored = await<DegradationState>([&](QObject* c, auto done) {
            client_->setDegradation({}, before->value->automatic, {}, c, done);
        });
        TOPCOAT_REQUIRE_OK(restored);
        QCOMPARE(restored->value->automatic, before->value->automatic);

        const auto unknown = await<DegradationState>([&](QObject* c, auto done) {
            client_->setDegradation({{"teleport", false}}, std::nullopt, {}, c, done);
        });
        TOPCOAT_REQUIRE_ERROR(unknown, 400, "invalid_request");
    }

    void logsAfterId() {
        const auto first =
            await<LogPage>([&](QObject* c, auto done) { client_->logs(0, 5000, c, done); });
        TOPCOAT_REQUIRE_OK(first);
        QVERIFY(!first->value->entries.isEmpty());
        QCOMPARE(first->value->lastId, first->value->entries.last().id);

        // A new product is logged by the admin logger, after everything seen so far.
        const auto sku = shop_.addProduct("LOG", 100, 1);
        QVERIFY(!sku.isEmpty());
        const auto after = first->value->lastId;
        const auto next =
            await<LogPage>([&](QObject* c, auto done) { client_->logs(after, 5000, c, done); });
        TOPCOAT_REQUIRE_OK(next);
        bool logged = false;
        for (const auto& entry : next->value->entries) {
            QVERIFY(entry.id > after);
            QVERIFY(entry.time.isValid());
            logged = logged || (entry.logger == "admin" && entry.message.contains(sku));
        }
        QVERIFY2(logged, "the new product was not in the log");

        const auto limited =
            await<LogPage>([&](QObject* c, auto done) { client_->logs(0, 1, c, done); });
        TOPCOAT_REQUIRE_OK(limited);
        QCOMPARE(limited->value->entries.size(), 1);
    }

    void statsWithSeriesSince() {
        const auto sku = shop_.addProduct("STA", 500, 9);
        QVERIFY(!sku.isEmpty());
        QVERIFY(!shop_.checkout(sku, 4, QStringLiteral("cy@example.com")).isEmpty());

        // The server samples once a second; poll (bounded) until it has taken two samples.
        std::optional<ApiResult<Stats>> stats;
        const QDeadlineTimer deadline(20000);
        for (;;) {
            stats = await<Stats>([&](QObject* c, auto done) { client_->stats(0, c, done); });
            TOPCOAT_REQUIRE_OK(stats);
            if (stats->value->series.size() >= 2 || deadline.hasExpired())
                break;
            QTest::qWait(100);
        }
        const auto& s = *stats->value;
        QVERIFY2(s.series.size() >= 2, "no samples within 20 s");
        QVERIFY(s.requestsTotal > 0);
        QVERIFY(s.checkouts.value("confirmed") >= 1);
        QVERIFY(s.ordersCommitted >= 1);
        QVERIFY(s.time.isValid());
        bool found = false;
        for (const auto& product : s.products)
            if (product.sku == sku) {
                found = true;
                QCOMPARE(product.stocked, 9);
                QCOMPARE(product.sold, 4);
                QCOMPARE(product.available, 5);
            }
        QVERIFY(found);
        QVERIFY(s.series.first().checkouts.contains("confirmed"));
        QVERIFY(s.series.first().at < s.series.last().at);

        // ?since= leaves out every sample up to and including that time.
        const auto since = s.series.first().at.toMSecsSinceEpoch();
        const auto later =
            await<Stats>([&](QObject* c, auto done) { client_->stats(since, c, done); });
        TOPCOAT_REQUIRE_OK(later);
        QVERIFY(!later->value->series.isEmpty());
        for (const auto& sample : later->value->series)
            QVERIFY(sample.at.toMSecsSinceEpoch() > since);
    }

    // ---- Flash-sale protection ----

    void protectionDefaultsAndPartialSet() {
        const auto before =
            await<ProtectionSettings>([&](QObject* c, auto done) { client_->protection(c, done); });
        TOPCOAT_REQUIRE_OK(before);
        QCOMPARE(*before->value, ProtectionSettings{}); // the defaults of server/API.md

        ProtectionChange change;
        change.burst = 80;
        change.admitPerMinute = 30;
        change.passSeconds = 300;
        change.trustedProxies = QStringList{"10.0.0.0/8", "fd00::/8"};
        change.p99MsLow = 90;
        change.featureOrder = QStringList{"search", "reviews"};
        const auto set = await<ProtectionSettings>(
            [&](QObject* c, auto done) { client_->setProtection(change, c, done); });
        TOPCOAT_REQUIRE_OK(set);
        auto expected = ProtectionSettings{};
        expected.burst = 80;
        expected.admitPerMinute = 30;
        expected.passSeconds = 300;
        expected.trustedProxies = {"10.0.0.0/8", "fd00::/8"};
        expected.p99MsLow = 90;
        expected.featureOrder = {"search", "reviews"};
        QCOMPARE(*set->value, expected); // what was not sent stayed as it was

        const auto after =
            await<ProtectionSettings>([&](QObject* c, auto done) { client_->protection(c, done); });
        TOPCOAT_REQUIRE_OK(after);
        QCOMPARE(*after->value, expected);

        restoreProtectionDefaults();
    }

    void protectionRefusedWithTheServersMessage() {
        ProtectionChange noBurst;
        noBurst.burst = 0;
        const auto refused = await<ProtectionSettings>(
            [&](QObject* c, auto done) { client_->setProtection(noBurst, c, done); });
        TOPCOAT_REQUIRE_ERROR(refused, 400, "invalid_request");
        QVERIFY2(refused->error->message.contains("client_rate.burst"),
                 qPrintable(refused->error->message));

        // Checked against what is in force: a low threshold at the current high one.
        ProtectionChange inverted;
        inverted.p99MsLow = ProtectionSettings{}.p99MsHigh;
        const auto invertedRefused = await<ProtectionSettings>(
            [&](QObject* c, auto done) { client_->setProtection(inverted, c, done); });
        TOPCOAT_REQUIRE_ERROR(invertedRefused, 400, "invalid_request");
        QVERIFY2(invertedRefused->error->message.contains("p99_ms_low must be below"),
                 qPrintable(invertedRefused->error->message));

        // Nothing of a refused change is taken.
        const auto unchanged =
            await<ProtectionSettings>([&](QObject* c, auto done) { client_->protection(c, done); });
        TOPCOAT_REQUIRE_OK(unchanged);
        QCOMPARE(*unchanged->value, ProtectionSettings{});
    }

    void statsCountProtection() {
        // A room letting one customer in per minute: the first joiner is admitted at once, the
        // next two wait. (Not drawn at random at an opening: the shop may have a sale coming.)
        // A rate of one request per second then refuses a quick burst.
        ProtectionChange room;
        room.waitingRoomEnabled = true;
        room.admitPerMinute = 1;
        room.randomizeBeforeOpen = false;
        room.maxInFlight = 321;
        TOPCOAT_REQUIRE_OK(await<ProtectionSettings>(
            [&](QObject* c, auto done) { client_->setProtection(room, c, done); }));
        topcoat::test::HttpClient shop("127.0.0.1", shop_.server().port());
        for (const char* customer : {"q1@example.com", "q2@example.com", "q3@example.com"}) {
            const auto joined =
                shop.post("/api/queue", std::string(R"({"customer":")") + customer + "\"}");
            QCOMPARE(joined.status, 200);
        }
        ProtectionChange slow;
        slow.perSecond = 1;
        slow.burst = 1;
        TOPCOAT_REQUIRE_OK(await<ProtectionSettings>(
            [&](QObject* c, auto done) { client_->setProtection(slow, c, done); }));
        int refused = 0;
        for (int i = 0; i < 5; ++i)
            refused += shop.get("/api/queue").status == 429 ? 1 : 0;
        QVERIFY2(refused >= 3, qPrintable(QString::number(refused)));

        const auto stats = await<Stats>([&](QObject* c, auto done) { client_->stats(0, c, done); });
        TOPCOAT_REQUIRE_OK(stats);
        const auto& p = stats->value->protection;
        QCOMPARE(p.rateLimited, refused);
        QCOMPARE(p.shed, 0);
        QCOMPARE(p.maxInFlight, 321);
        QVERIFY(p.inFlight >= 0);
        QVERIFY(p.waitingRoom.enabled);
        QCOMPARE(p.waitingRoom.admitPerMinute, 1);
        QCOMPARE(p.waitingRoom.joined, 3);
        QCOMPARE(p.waitingRoom.admitted, 1);
        QCOMPARE(p.waitingRoom.waiting, 2);
        QCOMPARE(p.waitingRoom.abandoned, 0);

        restoreProtectionDefaults();
    }

    // ---- end of protection ----

    void cleanupTestCase() { QCOMPARE(shop_.terminate(), 0); }
};

QTEST_GUILESS_MAIN(AdminClientTest)
#include "test_admin_client.moc"

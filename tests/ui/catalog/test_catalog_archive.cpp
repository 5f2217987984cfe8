// Archiving from the Catalog screen against a real topcoatd (LiveShop): the Archive action takes
// a product out of the storefront's list while its old order still names it on the Orders
// screen; the catalog hides it until "Show archived" is ticked; Unarchive puts it back; and a
// product a sale sells is refused with the server's reason on the status line.

#include "tests/support/HttpClient.h"
#include "tests/ui/ClientTestKit.h"
#include "tests/ui/LiveShop.h"
#include "ui/CatalogView.h"
#include "ui/ConsoleSession.h"
#include "ui/OrdersView.h"
#include "ui/ProductsModel.h"
#include "ui/SystemClock.h"

#include <QAction>
#include <QCheckBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

constexpr int answerMs = 20000;

} // namespace

class TestCatalogArchive : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
    }

    void archivedProductLeavesTheStorefrontAndStaysInItsOrder() {
        const auto sku = shop_.addProduct("ARC", 1500, 10);
        QVERIFY(!sku.isEmpty());
        rename(sku, QStringLiteral("Velvet Plum"));
        const auto orderId = shop_.checkout(sku, 2, QStringLiteral("ann@example.com"));
        QVERIFY(!orderId.isEmpty());
        QVERIFY(inStorefront(sku));

        CatalogView catalog(session_);
        QStringList questions;
        catalog.setConfirm([&](QWidget*, const QString& question) {
            questions << question;
            return true;
        });
        catalog.show();
        QTRY_VERIFY_WITH_TIMEOUT(catalog.model().loaded(), answerMs);
        QVERIFY(catalog.selectSku(sku));
        auto* archive = catalog.findChild<QAction*>(QStringLiteral("archiveAction"));
        QVERIFY(archive && archive->isEnabled());
        QCOMPARE(archive->text(), QStringLiteral("Archive…"));
        archive->trigger();
        QVERIFY(questions.last().contains(QStringLiteral("Archive Velvet Plum (%1)?").arg(sku)));

        QTRY_VERIFY_WITH_TIMEOUT(shop_.findProduct(sku) && shop_.findProduct(sku)->archived,
                                 answerMs);
        QVERIFY(!inStorefront(sku));
        // Hidden from the catalog until asked for, then shown as archived.
        QTRY_VERIFY(!catalog.selectSku(sku));
        QVERIFY(catalog.statusText().contains(QStringLiteral("1 archived, not shown")));
        auto* showArchived = catalog.findChild<QCheckBox*>(QStringLiteral("showArchived"));
        QVERIFY(showArchived);
        showArchived->setChecked(true);
        QVERIFY(catalog.selectSku(sku));
        QCOMPARE(archive->text(), QStringLiteral("Unarchive…"));
        const auto row = catalog.model().rowOf(sku);
        QCOMPARE(catalog.model().index(row, ProductsModel::Name).data().toString(),
                 QStringLiteral("Velvet Plum (archived)"));

        // The old order still says what was bought.
        OrdersView orders(session_);
        QTRY_VERIFY_WITH_TIMEOUT(orders.model().loaded(), answerMs);
        int orderRow = -1;
        for (int r = 0; r < orders.model().rowCount(); ++r)
            if (orders.model().order(r).orderId == orderId)
                orderRow = r;
        QVERIFY(orderRow >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(
            orders.model().index(orderRow, OrdersModel::ProductName).data().toString(),
            QStringLiteral("Velvet Plum"), answerMs);
        QCOMPARE(orders.model().index(orderRow, OrdersModel::Sku).data().toString(), sku);

        // Unarchived: on the storefront again.
        archive->trigger();
        QVERIFY(questions.last().startsWith(QStringLiteral("Unarchive Velvet Plum")));
        QTRY_VERIFY_WITH_TIMEOUT(shop_.findProduct(sku) && !shop_.findProduct(sku)->archived,
                                 answerMs);
        QVERIFY(inStorefront(sku));
        QTRY_COMPARE(archive->text(), QStringLiteral("Archive…"));
    }

    void productOnSaleIsRefusedWithTheReason() {
        const auto sku = shop_.addProduct("ARS", 1500, 10);
        QVERIFY(!sku.isEmpty());
        const auto sale = shop_.createSale(sku, 900, 3600, 3600);
        QVERIFY(sale && sale->ok());

        CatalogView catalog(session_);
        catalog.setConfirm([](QWidget*, const QString&) { return true; });
        catalog.show();
        QTRY_VERIFY_WITH_TIMEOUT(catalog.model().loaded(), answerMs);
        QVERIFY(catalog.selectSku(sku));
        catalog.findChild<QAction*>(QStringLiteral("archiveAction"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(
            catalog.statusText().contains(QStringLiteral("Could not archive %1").arg(sku)),
            answerMs);
        QVERIFY2(catalog.statusText().contains(QStringLiteral("cancel that sale")),
                 qPrintable(catalog.statusText()));
        QVERIFY(!shop_.findProduct(sku)->archived);
        QVERIFY(inStorefront(sku));
    }

    void cleanupTestCase() { QCOMPARE(shop_.terminate(), 0); }

private:
    void rename(const QString& sku, const QString& name) {
        ProductChange change;
        change.name = name;
        const auto renamed = test::await<Product>(
            [&](QObject* c, auto done) { shop_.client().updateProduct(sku, change, c, done); });
        QVERIFY2(renamed && renamed->ok(), test::describe(renamed).constData());
    }

    // Whether the customers' product list (GET /api/products) shows `sku`.
    bool inStorefront(const QString& sku) {
        test::HttpClient storefront("127.0.0.1", shop_.server().port());
        const auto reply = storefront.get("/api/products");
        if (reply.status != 200)
            return false;
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(reply.body)).object();
        for (const auto& value : json.value(QStringLiteral("products")).toArray())
            if (value.toObject().value(QStringLiteral("sku")).toString() == sku)
                return true;
        return false;
    }

    QNetworkAccessManager network_;
    test::LiveShop shop_{network_};
    SystemClock clock_;
    ConsoleSession session_{shop_.client(), clock_};
};

QTEST_MAIN(TestCatalogArchive)
#include "test_catalog_archive.moc"

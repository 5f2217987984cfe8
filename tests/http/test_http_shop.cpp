// The shop's identity against a real topcoatd: the defaults that keep every existing answer,
// a change through /admin/shop seen on /api/shop and kept across a restart, the logo as a data:
// URL or an uploaded image served with its type and a script-free policy, revalidation by
// ETag, and refused input (bad names, currencies, addresses, images) that changes nothing.

#include "ApiChecks.h"
#include "DatabaseWriteLock.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"

#include <QByteArray>
#include <QtTest>

using namespace topcoat::test;

namespace {

// A real 1x1 PNG.
const QByteArray png = QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlE"
                                              "QVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");
// The start of a JFIF file: what the type check looks at.
const QByteArray jpeg = QByteArray::fromHex("ffd8ffe000104a46494600010100000100010000ffd9");
const QByteArray svg = R"(<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" )"
                       R"(viewBox="0 0 10 10"><circle cx="5" cy="5" r="5"/></svg>)";

std::string dataUrl(const std::string& mediaType, const QByteArray& bytes) {
    return "data:" + mediaType + ";base64," + bytes.toBase64().toStdString();
}

const std::string defaultStorefront =
    R"({"name":"Topcoat","currency":"USD","contact_email":null,"logo_url":null})";
const std::string defaultAdmin =
    R"({"name":"Topcoat","currency":"USD","contact_email":null,"logo":null})";

} // namespace

class ShopIdentityTest : public ServerTestCase {
    Q_OBJECT

    void resetIdentity() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/shop", R"({"name":"Topcoat","currency":"USD",)"
                                               R"("contact_email":null,"logo":null})"),
                      200);
    }

    // What a customer and the owner see of the shop, for "nothing changed".
    std::string identityState() {
        auto admin = server_.admin();
        auto storefront = server_.storefront();
        return shopState(admin) + storefront.get("/api/shop").body + "\n" +
               std::to_string(storefront.get("/api/shop/logo").status);
    }

private slots:
    void init() { resetIdentity(); }

    // Nothing set: the shop is Topcoat in US dollars, with no contact line and no logo.
    void aFreshShopIsTopcoatInDollars() {
        ServerUnderTest fresh;
        QVERIFY2(fresh.start(), qPrintable(fresh.failure()));
        auto storefront = fresh.storefront();
        const auto shop = storefront.get("/api/shop");
        EXPECT_API_RESPONSE(shop, 200);
        QCOMPARE(shop.body, defaultStorefront);
        QVERIFY(!shop.header("etag").empty());
        QCOMPARE(shop.header("cache-control"), std::string("no-cache"));
        EXPECT_API_ERROR(storefront.get("/api/shop/logo"), 404, "not_found");
        const auto admin = fresh.admin().get("/admin/shop");
        EXPECT_API_RESPONSE(admin, 200);
        QCOMPARE(admin.body, defaultAdmin);
        QCOMPARE(fresh.stop(), 0);
    }

    // The owner's change is what the page is told, and what the shop still is after a restart.
    void aChangeIsServedAndKeptAcrossARestart() {
        auto admin = server_.admin();
        const auto logo = dataUrl("image/png", png);
        const auto changed =
            admin.put("/admin/shop", R"({"name":"Lacquer & Co — Ösaka","currency":"EUR",)"
                                     "\"contact_email\":\"hello@lacquer.example\",\"logo\":\"" +
                                         logo + "\"}");
        EXPECT_API_RESPONSE(changed, 200);
        QCOMPARE(changed.json()->getValue<std::string>("name"),
                 std::string("Lacquer & Co — Ösaka"));
        QCOMPARE(changed.json()->getValue<std::string>("logo"), logo);

        auto storefront = server_.storefront();
        const auto shop = storefront.get("/api/shop");
        EXPECT_API_RESPONSE(shop, 200);
        const auto json = shop.json();
        QCOMPARE(json->getValue<std::string>("name"), std::string("Lacquer & Co — Ösaka"));
        QCOMPARE(json->getValue<std::string>("currency"), std::string("EUR"));
        QCOMPARE(json->getValue<std::string>("contact_email"),
                 std::string("hello@lacquer.example"));
        const auto logoUrl = json->getValue<std::string>("logo_url");
        QVERIFY2(logoUrl.starts_with("/api/shop/logo?v="), logoUrl.c_str());
        const auto image = storefront.get(logoUrl);
        QCOMPARE(image.status, 200);
        QCOMPARE(image.header("content-type"), std::string("image/png"));
        QCOMPARE(QByteArray::fromStdString(image.body), png);

        QCOMPARE(server_.stop(), 0);
        QVERIFY2(server_.start(), qPrintable(server_.failure()));
        QCOMPARE(server_.admin().get("/admin/shop").body, changed.body);
        auto restarted = server_.storefront();
        QCOMPARE(restarted.get("/api/shop").body, shop.body);
        QCOMPARE(restarted.get(logoUrl).body, image.body);
    }

    // A PUT replaces what it names; null removes the contact address and the logo.
    void aPutReplacesOnlyWhatItNames() {
        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/shop", "{\"contact_email\":\"a@shop.example\",\"logo\":\"" +
                                                   dataUrl("image/jpeg", jpeg) + "\"}"),
                      200);
        const auto renamed = admin.put("/admin/shop", R"({"name":"Glossy"})");
        EXPECT_API_RESPONSE(renamed, 200);
        QCOMPARE(renamed.json()->getValue<std::string>("currency"), std::string("USD"));
        QCOMPARE(renamed.json()->getValue<std::string>("contact_email"),
                 std::string("a@shop.example"));
        QCOMPARE(renamed.json()->getValue<std::string>("logo"), dataUrl("image/jpeg", jpeg));

        const auto cleared = admin.put("/admin/shop", R"({"contact_email":null,"logo":null})");
        EXPECT_API_RESPONSE(cleared, 200);
        QCOMPARE(
            cleared.body,
            std::string(R"({"name":"Glossy","currency":"USD","contact_email":null,"logo":null})"));
        auto storefront = server_.storefront();
        EXPECT_API_ERROR(storefront.get("/api/shop/logo"), 404, "not_found");
    }

    // The page revalidates: the same identity is a bodiless 304, a changed one a new tag.
    void theStorefrontAnswerRevalidatesByEtag() {
        auto storefront = server_.storefront();
        const auto first = storefront.get("/api/shop");
        const auto etag = first.header("etag");
        const auto again = storefront.get("/api/shop", {{"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.empty());

        auto admin = server_.admin();
        EXPECT_STATUS(admin.put("/admin/shop", R"({"currency":"GBP"})"), 200);
        const auto changed = storefront.get("/api/shop", {{"If-None-Match", etag}});
        EXPECT_API_RESPONSE(changed, 200);
        QVERIFY(changed.header("etag") != etag);
        QCOMPARE(changed.json()->getValue<std::string>("currency"), std::string("GBP"));
    }

    // An uploaded image is served as what its bytes are, never as a page that could run
    // script; its versioned URL may be cached for good.
    void anUploadedLogoIsServedAsAnImage_data() {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("png") << QByteArray("image/png") << png;
        QTest::newRow("jpeg") << QByteArray("image/jpeg") << jpeg;
        QTest::newRow("svg") << QByteArray("image/svg+xml; charset=utf-8") << svg;
    }
    void anUploadedLogoIsServedAsAnImage() {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, bytes);
        auto admin = server_.admin();
        const auto uploaded = admin.put("/admin/shop/logo", bytes.toStdString(),
                                        {{"Content-Type", contentType.toStdString()}});
        EXPECT_API_RESPONSE(uploaded, 200);
        const auto mediaType = contentType.split(';').front().toStdString();
        QCOMPARE(uploaded.json()->getValue<std::string>("logo"), dataUrl(mediaType, bytes));

        auto storefront = server_.storefront();
        const auto logoUrl = storefront.get("/api/shop").json()->getValue<std::string>("logo_url");
        const auto image = storefront.get(logoUrl);
        QCOMPARE(image.status, 200);
        QCOMPARE(image.header("content-type"), mediaType);
        QCOMPARE(QByteArray::fromStdString(image.body), bytes);
        QCOMPARE(image.header("x-content-type-options"), std::string("nosniff"));
        const auto policy = image.header("content-security-policy");
        QVERIFY2(policy.find("default-src 'none'") != std::string::npos, policy.c_str());
        QVERIFY2(policy.find("sandbox") != std::string::npos, policy.c_str());
        QCOMPARE(image.header("cache-control"), std::string("public, max-age=31536000, immutable"));
        // Unversioned, it must be asked about again.
        QCOMPARE(storefront.get("/api/shop/logo").header("cache-control"), std::string("no-cache"));
        const auto revalidated = storefront.get(logoUrl, {{"If-None-Match", image.header("etag")}});
        QCOMPARE(revalidated.status, 304);
    }

    void refusedIdentitiesChangeNothing_data() {
        QTest::addColumn<QByteArray>("body");
        const auto row = [](const char* name, const std::string& body) {
            QTest::newRow(name) << QByteArray::fromStdString(body);
        };
        row("empty name", R"({"name":""})");
        row("blank name", R"({"name":"   "})");
        row("81 characters", "{\"name\":\"" + std::string(81, 'a') + "\"}");
        std::string longWide;
        for (int i = 0; i < 81; ++i)
            longWide += "é";
        row("81 two-byte characters", "{\"name\":\"" + longWide + "\"}");
        row("bell in the name", R"({"name":"Top\u0007coat"})");
        row("newline in the name", R"({"name":"Top\ncoat"})");
        row("C1 control in the name", R"({"name":"Top\u0085coat"})");
        row("invalid UTF-8 name", "{\"name\":\"Top\xc3\x28\"}");
        row("name null", R"({"name":null})");
        row("name number", R"({"name":5})");
        row("lower-case currency", R"({"currency":"usd"})");
        row("two letters", R"({"currency":"US"})");
        row("four letters", R"({"currency":"USDD"})");
        row("not a currency", R"({"currency":"ABC"})");
        row("test code", R"({"currency":"XTS"})");
        row("yen has no cents", R"({"currency":"JPY"})");
        row("numeric code", R"({"currency":840})");
        row("currency null", R"({"currency":null})");
        row("no at", R"({"contact_email":"shop.example"})");
        row("no domain dot", R"({"contact_email":"a@localhost"})");
        row("two ats", R"({"contact_email":"a@b@shop.example"})");
        row("space in address", R"({"contact_email":"a b@shop.example"})");
        row("domain label edged by a hyphen", R"({"contact_email":"a@-shop.example"})");
        row("empty domain label", R"({"contact_email":"a@shop..example"})");
        row("address of 255", "{\"contact_email\":\"" + std::string(64, 'a') + "@" +
                                  std::string(186, 'b') + ".com\"}");
        row("address number", R"({"contact_email":5})");
        row("logo by link", "{\"logo\":\"https://evil.example/logo.png\"}");
        row("logo not base64", R"({"logo":"data:image/png;base64,!!!!"})");
        row("logo base64 with a line break", R"({"logo":"data:image/png;base64,iVBO\nRw0K"})");
        row("logo without base64", R"({"logo":"data:image/svg+xml,<svg></svg>"})");
        row("logo as HTML",
            "{\"logo\":\"" + dataUrl("text/html", "<script>alert(1)</script>") + "\"}");
        row("HTML claiming to be SVG",
            "{\"logo\":\"" + dataUrl("image/svg+xml", "<html><script>alert(1)</script></html>") +
                "\"}");
        row("JPEG claiming to be PNG", "{\"logo\":\"" + dataUrl("image/png", jpeg) + "\"}");
        row("GIF", "{\"logo\":\"" + dataUrl("image/gif", "GIF89a\x01\x00\x01\x00") + "\"}");
        row("empty logo", R"({"logo":"data:image/png;base64,"})");
        row("logo number", R"({"logo":1})");
        row("one bad field spoils the rest", R"({"name":"Fine","currency":"usd"})");
        row("not an object", R"(["name","x"])");
        row("not JSON", "name=x");
    }
    void refusedIdentitiesChangeNothing() {
        QFETCH(QByteArray, body);
        const auto before = identityState();
        auto admin = server_.admin();
        EXPECT_API_ERROR(admin.put("/admin/shop", body.toStdString()), 400, "invalid_request");
        QCOMPARE(identityState(), before);
    }

    void refusedUploadsChangeNothing_data() {
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QByteArray>("bytes");
        QTest::newRow("PNG sent as JSON") << QByteArray("application/json") << png;
        QTest::newRow("PNG sent as HTML") << QByteArray("text/html") << png;
        QTest::newRow("JPEG sent as PNG") << QByteArray("image/png") << jpeg;
        QTest::newRow("GIF") << QByteArray("image/gif") << QByteArray("GIF89a\x01\x00\x01\x00");
        QTest::newRow("HTML sent as SVG")
            << QByteArray("image/svg+xml") << QByteArray("<html><script>alert(1)</script></html>");
        QTest::newRow("empty") << QByteArray("image/png") << QByteArray();
    }
    void refusedUploadsChangeNothing() {
        QFETCH(QByteArray, contentType);
        QFETCH(QByteArray, bytes);
        const auto before = identityState();
        auto admin = server_.admin();
        EXPECT_API_ERROR(admin.put("/admin/shop/logo", bytes.toStdString(),
                                   {{"Content-Type", contentType.toStdString()}}),
                         400, "invalid_request");
        QCOMPARE(identityState(), before);
    }

    // An uploaded logo may fill the whole 16 KiB body; one byte more is refused for its size
    // before the route sees it, and the logo stays as it was.
    void aLogoMayTakeTheWholeBody() {
        auto admin = server_.admin();
        auto full = png;
        full.append(QByteArray(16 * 1024 - png.size(), '\0')); // after IEND: still a PNG
        EXPECT_API_RESPONSE(
            admin.put("/admin/shop/logo", full.toStdString(), {{"Content-Type", "image/png"}}),
            200);
        const auto before = identityState();
        full.append('\0');
        EXPECT_API_ERROR(server_.admin().put("/admin/shop/logo", full.toStdString(),
                                             {{"Content-Type", "image/png"}}),
                         413, "payload_too_large");
        QCOMPARE(identityState(), before);
    }

    // 80 characters is the limit, counted as characters rather than bytes.
    void eightyCharactersOfAnyScriptAreAName() {
        std::string wide;
        for (int i = 0; i < 80; ++i)
            wide += "ö";
        auto admin = server_.admin();
        const auto changed = admin.put("/admin/shop", "{\"name\":\"" + wide + "\"}");
        EXPECT_API_RESPONSE(changed, 200);
        QCOMPARE(changed.json()->getValue<std::string>("name"), wide);
    }

    // The owner picks from the codes the server accepts.
    void theCurrenciesOnOffer() {
        auto admin = server_.admin();
        const auto listed = admin.get("/admin/shop/currencies");
        EXPECT_API_RESPONSE(listed, 200);
        std::set<std::string> codes;
        const auto offered = listed.json()->getArray("currencies");
        for (const auto& code : *offered)
            codes.insert(code.extract<std::string>());
        for (const char* code : {"USD", "EUR", "GBP", "CHF", "SEK", "AUD"})
            QVERIFY2(codes.contains(code), code);
        QVERIFY(!codes.contains("JPY"));
        for (const auto& code : codes)
            EXPECT_STATUS(admin.put("/admin/shop", "{\"currency\":\"" + code + "\"}"), 200);
    }

    // Stored before it takes effect: when the database cannot take it, nothing changes.
    void aChangeTheDatabaseRefusesIsNotInEffect() {
        const auto before = identityState();
        {
            DatabaseWriteLock stalled(server_.databasePath());
            auto admin = server_.admin();
            EXPECT_API_ERROR(admin.put("/admin/shop", R"({"name":"Never"})"), 503, "unavailable");
        }
        QCOMPARE(identityState(), before);
    }
};

QTEST_GUILESS_MAIN(ShopIdentityTest)
#include "test_http_shop.moc"

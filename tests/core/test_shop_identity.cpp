// The rules of the shop's identity on their own: names counted in characters, the currency
// list, plausible addresses, and telling a PNG, JPEG or SVG from anything else by its bytes.

#include "server/core/ShopIdentity.h"

#include <QtTest>
#include <algorithm>

using namespace topcoat;

class ShopIdentityRulesTest : public QObject {
    Q_OBJECT

private slots:
    void theDefaultsAreAcceptable() {
        const ShopIdentity identity;
        QCOMPARE(identity.name, std::string("Topcoat"));
        QCOMPARE(identity.currency, std::string("USD"));
        QCOMPARE(identityProblem(identity), std::string());
    }

    void namesAreCountedInCharacters() {
        std::string wide;
        for (int i = 0; i < 80; ++i)
            wide += "日";
        QVERIFY(isValidShopName(wide));
        QVERIFY(!isValidShopName(wide + "日"));
        QVERIFY(isValidShopName("A"));
        QVERIFY(!isValidShopName(""));
        QVERIFY(!isValidShopName("  "));
        QVERIFY(!isValidShopName("Tab\there"));
        QVERIFY(!isValidShopName("\xed\xa0\x80")); // a UTF-16 surrogate
    }

    void currenciesAreSortedCodesWithCents() {
        const auto codes = shopCurrencies();
        QVERIFY(std::is_sorted(codes.begin(), codes.end()));
        for (const auto code : codes) {
            QCOMPARE(code.size(), std::size_t(3));
            QVERIFY(
                std::all_of(code.begin(), code.end(), [](char c) { return c >= 'A' && c <= 'Z'; }));
        }
        QVERIFY(isShopCurrency("EUR"));
        QVERIFY(!isShopCurrency("eur"));
        QVERIFY(!isShopCurrency("KWD")); // three decimals
        QVERIFY(!isShopCurrency("XAU")); // gold
    }

    void plausibleAddresses_data() {
        QTest::addColumn<QString>("address");
        QTest::addColumn<bool>("plausible");
        QTest::newRow("plain") << "hello@shop.example" << true;
        QTest::newRow("plus and subdomain") << "a+b@mail.shop.example" << true;
        QTest::newRow("no dot") << "a@localhost" << false;
        QTest::newRow("trailing dot") << "a@shop.example." << false;
        QTest::newRow("underscore in domain") << "a@sh_op.example" << false;
        QTest::newRow("local part of 65") << QString(65, 'a') + "@shop.example" << false;
        QTest::newRow("empty local part") << "@shop.example" << false;
    }
    void plausibleAddresses() {
        QFETCH(QString, address);
        QFETCH(bool, plausible);
        QCOMPARE(isPlausibleEmail(address.toStdString()), plausible);
    }

    void imagesAreKnownByTheirBytes_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("type"); // -1: none
        QTest::newRow("png") << QByteArray("\x89PNG\r\n\x1a\n\0\0", 10) << int(LogoType::Png);
        QTest::newRow("jpeg") << QByteArray("\xff\xd8\xff\xdb") << int(LogoType::Jpeg);
        QTest::newRow("svg") << QByteArray("<svg xmlns='http://www.w3.org/2000/svg'/>")
                             << int(LogoType::Svg);
        QTest::newRow("svg after declaration, comment and doctype")
            << QByteArray("\xef\xbb\xbf<?xml version='1.0'?>\n<!-- logo -->\n"
                          "<!DOCTYPE svg>\n<svg viewBox='0 0 1 1'></svg>")
            << int(LogoType::Svg);
        QTest::newRow("html") << QByteArray("<html><svg></svg></html>") << -1;
        QTest::newRow("svgz-looking name") << QByteArray("<svgfoo/>") << -1;
        QTest::newRow("gif") << QByteArray("GIF89a") << -1;
        QTest::newRow("unclosed comment") << QByteArray("<!-- <svg/>") << -1;
        QTest::newRow("empty") << QByteArray() << -1;
    }
    void imagesAreKnownByTheirBytes() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, type);
        const auto detected = logoTypeOf(std::string_view(bytes.constData(), bytes.size()));
        QCOMPARE(detected ? int(*detected) : -1, type);
    }

    void aLogoMustBeWhatItClaims() {
        ShopLogo logo{LogoType::Png, std::string("\xff\xd8\xff\xdb")};
        QVERIFY(!logoProblem(logo).empty());
        logo.type = LogoType::Jpeg;
        QCOMPARE(logoProblem(logo), std::string());
        logo.bytes.resize(maxLogoBytes + 1);
        QVERIFY(!logoProblem(logo).empty());
    }
};

QTEST_GUILESS_MAIN(ShopIdentityRulesTest)
#include "test_shop_identity.moc"

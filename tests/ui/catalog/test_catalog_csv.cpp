// The catalog CSV reader: RFC 4180 quoting, line endings and BOM, and one test per reason a
// row is refused, checked against the server's field rules.

#include "ui/CatalogCsv.h"

#include <QtTest>

using namespace topcoat::ui;

namespace {

const QByteArray header = "sku,name,shade_hex,price,stock\n";
// Fixed locales, so the machine's own never decides what a test means.
const QLocale english(QLocale::English, QLocale::UnitedStates);
const QLocale german(QLocale::German, QLocale::Germany);

CsvCatalog parse(const QByteArray& body, const QLocale& locale = english) {
    return parseCatalogCsv(header + body, locale);
}

// The one error of the single row of `body` read under `locale` ("" when not exactly one).
QString onlyError(const QByteArray& body, const QLocale& locale) {
    const auto catalog = parse(body, locale);
    if (catalog.rows.size() != 1 || catalog.rows.front().errors.size() != 1)
        return {};
    return catalog.rows.front().errors.front();
}

// The one row of `body`, which must have exactly one error mentioning `fragment`.
bool refusedFor(const QByteArray& body, const QString& fragment) {
    const auto catalog = parse(body);
    if (!catalog.error.isEmpty() || catalog.rows.size() != 1)
        return false;
    const auto& errors = catalog.rows.front().errors;
    if (errors.size() != 1)
        qWarning() << "errors:" << errors;
    return errors.size() == 1 && errors.front().contains(fragment);
}

} // namespace

class TestCatalogCsv : public QObject {
    Q_OBJECT

private slots:
    void readsPlainRows() {
        const auto catalog = parse("NP-101,Cherry Lacquer,#9B111E,12.50,120\n"
                                   "NP-102,Ballet Slipper,#f4c2c2,11,0\n");
        QVERIFY(catalog.error.isEmpty());
        QCOMPARE(catalog.rows.size(), 2);
        const auto& first = catalog.rows.at(0);
        QVERIFY(first.valid());
        QCOMPARE(first.line, 2);
        QCOMPARE(first.draft.sku, QStringLiteral("NP-101"));
        QCOMPARE(first.draft.name, QStringLiteral("Cherry Lacquer"));
        QCOMPARE(first.draft.shadeHex, QStringLiteral("#9b111e"));
        QCOMPARE(first.draft.priceCents, 1250);
        QCOMPARE(first.draft.stock, 120);
        QCOMPARE(catalog.rows.at(1).draft.priceCents, 1100);
        QCOMPARE(catalog.rows.at(1).line, 3);
    }

    void readsQuotedFields() {
        const auto catalog = parse("\"NP-1\",\"Red, White \"\"and\"\" Blue\",#010203,\"1.5\",2\n"
                                   "NP-2,\"Two\nLines\",#010203,1,2\n"
                                   "NP-3,\"\",#010203,1,2\n");
        QCOMPARE(catalog.rows.size(), 3);
        QCOMPARE(catalog.rows.at(0).draft.name, QStringLiteral("Red, White \"and\" Blue"));
        QCOMPARE(catalog.rows.at(0).draft.priceCents, 150);
        QVERIFY(catalog.rows.at(0).valid());
        QCOMPARE(catalog.rows.at(1).draft.name, QStringLiteral("Two\nLines"));
        // A line break is a control character: the server refuses such a name.
        QVERIFY(!catalog.rows.at(1).valid());
        QCOMPARE(catalog.rows.at(2).line, 5); // the quoted line break counted
        QVERIFY(!catalog.rows.at(2).valid()); // empty name
    }

    void readsCrlfBomAndBlankLines() {
        const QByteArray bytes = "\xEF\xBB\xBFsku,name,shade_hex,price,stock\r\n"
                                 "NP-1,Ros\xC3\xA9,#010203,1.00,2\r\n"
                                 "\r\n"
                                 "NP-2,Oxblood,#4a0000,0.99,3"; // no final line break
        const auto catalog = parseCatalogCsv(bytes);
        QVERIFY2(catalog.error.isEmpty(), qPrintable(catalog.error));
        QCOMPARE(catalog.rows.size(), 2);
        QCOMPARE(catalog.rows.at(0).draft.name, QStringLiteral("Rosé"));
        QCOMPARE(catalog.rows.at(0).draft.stock, 2); // no '\r' left on the last field
        QVERIFY(catalog.rows.at(0).valid());
        QCOMPARE(catalog.rows.at(1).line, 4);
        QCOMPARE(catalog.rows.at(1).draft.priceCents, 99);
        QVERIFY(catalog.rows.at(1).valid());
    }

    void acceptsColumnsInAnyOrder() {
        const auto catalog =
            parseCatalogCsv("Stock,Price,SKU,Name,Shade_Hex\r\n7,3.20,A1,Ab,#aBcDeF");
        QCOMPARE(catalog.rows.size(), 1);
        QVERIFY(catalog.rows.front().valid());
        QCOMPARE(catalog.rows.front().draft.stock, 7);
        QCOMPARE(catalog.rows.front().draft.priceCents, 320);
    }

    void refusesAFileWithoutTheColumns() {
        QVERIFY(parseCatalogCsv("").error.contains(QStringLiteral("empty")));
        const auto catalog = parseCatalogCsv("sku,name,price\nNP-1,A,1\n");
        QVERIFY(catalog.error.contains(QStringLiteral("shade_hex")));
        QVERIFY(catalog.error.contains(QStringLiteral("stock")));
        QVERIFY(catalog.rows.isEmpty());
        QVERIFY(!parseCatalogCsv("sku,name,shade_hex,price,stock\nNP-1,\xff,#000000,1,1\n")
                     .error.isEmpty()); // not UTF-8
    }

    void refusesBadSkus() {
        QVERIFY(refusedFor("np-1,A,#000000,1,1", QStringLiteral("SKU")));
        QVERIFY(refusedFor("-NP,A,#000000,1,1", QStringLiteral("SKU")));
        QVERIFY(refusedFor("NP_1,A,#000000,1,1", QStringLiteral("SKU")));
        QVERIFY(refusedFor(",A,#000000,1,1", QStringLiteral("SKU is required")));
        QVERIFY(refusedFor(QByteArray(33, 'A') + ",A,#000000,1,1", QStringLiteral("SKU")));
        QVERIFY(parse(QByteArray(32, 'A') + ",A,#000000,1,1").rows.front().valid());
    }

    void refusesDuplicateSkus() {
        const auto catalog = parse("NP-1,A,#000000,1,1\nNP-2,B,#000000,1,1\nNP-1,C,#000000,1,1\n");
        QCOMPARE(catalog.rows.size(), 3);
        QVERIFY(catalog.rows.at(0).valid()); // the first one wins
        QVERIFY(catalog.rows.at(1).valid());
        QCOMPARE(catalog.rows.at(2).errors,
                 QStringList{QStringLiteral("duplicate SKU (first on line 2)")});
    }

    void refusesBadNames() {
        QVERIFY(refusedFor("NP-1,,#000000,1,1", QStringLiteral("name is required")));
        QVERIFY(refusedFor("NP-1,\"a\tb\",#000000,1,1", QStringLiteral("name")));
        QVERIFY(
            refusedFor("NP-1," + QByteArray(121, 'n') + ",#000000,1,1", QStringLiteral("name")));
        // 60 two-byte characters are 120 bytes: the most the server takes.
        QByteArray accents;
        for (int i = 0; i < 60; ++i)
            accents += "\xC3\xA9";
        QVERIFY(parse("NP-1," + accents + ",#000000,1,1").rows.front().valid());
        QVERIFY(refusedFor("NP-1," + accents + "e,#000000,1,1", QStringLiteral("name")));
    }

    void refusesBadShades() {
        for (const char* hex : {"#12345", "123456", "#1234567", "#12345g", "red", ""})
            QVERIFY2(refusedFor(QByteArray("NP-1,A,") + hex + ",1,1", QStringLiteral("shade")),
                     hex);
    }

    void refusesBadPrices() {
        QVERIFY(refusedFor("NP-1,A,#000000,-1.00,1", QStringLiteral("negative")));
        for (const char* price : {"12.345", "$12", "12,50", "1e3", "", "abc", "1000000.01", " . "})
            QVERIFY2(refusedFor(QByteArray("NP-1,A,#000000,\"") + price + "\",1",
                                QStringLiteral("price")),
                     price);
        QCOMPARE(parse("NP-1,A,#000000,1000000.00,1").rows.front().draft.priceCents, 100000000);
        QCOMPARE(parse("NP-1,A,#000000,0,1").rows.front().draft.priceCents, 0);
    }

    void refusesBadStock() {
        for (const char* stock : {"-1", "1.5", "", "ten", "1000000001", "+3"})
            QVERIFY2(refusedFor(QByteArray("NP-1,A,#000000,1,") + stock, QStringLiteral("stock")),
                     stock);
        QCOMPARE(parse("NP-1,A,#000000,1,1000000000").rows.front().draft.stock, 1000000000);
    }

    void refusesMissingAndExtraColumns() {
        const auto catalog = parse("NP-1,A,#000000\nNP-2,B,#000000,1,1,surplus\n");
        QCOMPARE(catalog.rows.size(), 2);
        QCOMPARE(catalog.rows.at(0).errors,
                 QStringList{QStringLiteral("missing columns: price, stock")});
        QCOMPARE(catalog.rows.at(1).errors.size(), 1);
        QVERIFY(catalog.rows.at(1).errors.front().contains(QStringLiteral("6 fields")));
    }

    void refusesAnUnclosedQuote() {
        const auto catalog = parse("NP-1,\"Never closed,#000000,1,1\n");
        QCOMPARE(catalog.rows.size(), 1);
        QVERIFY(catalog.rows.front().errors.join(' ').contains(QStringLiteral("never closed")));
    }

    void collectsEveryErrorOfARow() {
        const auto catalog = parse("bad sku,,#zz,-2,x\n");
        QCOMPARE(catalog.rows.front().errors.size(), 5);
    }

    void readsDecimalCommasWhereTheLocaleUsesThem() {
        QCOMPARE(parse("NP-1,A,#000000,\"12,50\",1", german).rows.front().draft.priceCents, 1250);
        QCOMPARE(parse("NP-1,A,#000000,\"12,5\",1", german).rows.front().draft.priceCents, 1250);
        QCOMPARE(parse("NP-1,A,#000000,12.50,1", german).rows.front().draft.priceCents, 1250);
        QCOMPARE(parse("NP-1,A,#000000,12,1", german).rows.front().draft.priceCents, 1200);
        // Saved by a spreadsheet there: semicolons between fields, commas in amounts and names.
        const auto semicolons = parseCatalogCsv(
            "sku;name;shade_hex;price;stock\r\nNP-1;Rot, matt;#aa0000;12,50;3\r\n", german);
        QVERIFY(semicolons.error.isEmpty());
        QCOMPARE(semicolons.rows.size(), 1);
        QVERIFY(semicolons.rows.front().valid());
        QCOMPARE(semicolons.rows.front().draft.name, QStringLiteral("Rot, matt"));
        QCOMPARE(semicolons.rows.front().draft.priceCents, 1250);
        QCOMPARE(semicolons.rows.front().draft.stock, 3);
    }

    void refusesAmbiguousAmountsWithTheReason() {
        // One separator before three digits: a thousands separator, or a third decimal?
        for (const char* price : {"1,250", "1.250"})
            QVERIFY2(onlyError(QByteArray("NP-1,A,#000000,\"") + price + "\",1", german)
                         .contains(QStringLiteral("ambiguous: it may be 1250")),
                     price);
        QVERIFY(onlyError("NP-1,A,#000000,\"1.234,50\",1", german)
                    .contains(QStringLiteral("both a point and a comma")));
        QVERIFY(onlyError("NP-1,A,#000000,\"1,234.50\",1", english)
                    .contains(QStringLiteral("both a point and a comma")));
        // Where a comma is not a decimal mark, it is refused, saying which locale decided.
        const auto comma = onlyError("NP-1,A,#000000,\"12,50\",1", english);
        QVERIFY2(comma.contains(QStringLiteral("locale (en_US)")), qPrintable(comma));
        // A point and three digits is a plain bad amount there (no point groups thousands).
        QVERIFY(onlyError("NP-1,A,#000000,1.250,1", english)
                    .contains(QStringLiteral("must be an amount like 12.50")));
        // An unquoted decimal comma splits the field: the row says to quote it.
        QVERIFY(onlyError("NP-1,A,#000000,12,50,1", german)
                    .contains(QStringLiteral("quote a price with a decimal comma")));
    }

    void formatsAndParsesPrices() {
        QCOMPARE(formatPrice(1250), QStringLiteral("12.50"));
        QCOMPARE(formatPrice(5), QStringLiteral("0.05"));
        QCOMPARE(parsePrice(QStringLiteral("0.5")), std::optional<qint64>(50));
        QCOMPARE(parsePrice(QStringLiteral(".5")), std::nullopt);
    }
};

QTEST_APPLESS_MAIN(TestCatalogCsv)
#include "test_catalog_csv.moc"

// The Catalog screen against a real topcoatd (--demo, NP-001..NP-024): a CSV import previews
// each row's fate (new, changed old → new, unchanged, invalid), creates exactly the valid new
// products and updates the changed ones, setting stock by the difference; the product form adds a
// product typed into it; restock and write-off change stock after a confirmation; an impossible
// write-off shows the server's refusal, and a write-off's reason reaches the server's database.
// Every result is read back over HTTP (the reason from the database file), not from the UI.
// With TOPCOAT_CATALOG_PNG_DIR set, the screen and the import preview are saved as PNGs.

#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"
#include "ui/AdminClient.h"
#include "ui/CatalogView.h"
#include "ui/ConsoleSession.h"
#include "ui/CsvImportDialog.h"
#include "ui/ProductDialog.h"
#include "ui/ProductsModel.h"
#include "ui/RestockDialog.h"
#include "ui/SystemClock.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScopeGuard>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

void savePng(QWidget& widget, const QString& name) {
    const auto dir = qEnvironmentVariable("TOPCOAT_CATALOG_PNG_DIR");
    if (!dir.isEmpty())
        QVERIFY(widget.grab().save(dir + QLatin1Char('/') + name));
}

} // namespace

class TestCatalogView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    std::unique_ptr<test::TopcoatdProcess> server_;
    std::unique_ptr<QNetworkAccessManager> network_;
    std::unique_ptr<AdminClient> client_;
    SystemClock clock_;
    std::unique_ptr<ConsoleSession> session_;

    // The catalog as the server reports it, read over plain HTTP.
    QMap<QString, Product> shopProducts() {
        test::HttpClient http("127.0.0.1", server_->adminPort());
        http.setToken(server_->adminToken());
        const auto reply = http.get("/admin/products");
        QMap<QString, Product> products;
        if (reply.status != 200)
            return products;
        const auto json = QJsonDocument::fromJson(QByteArray::fromStdString(reply.body)).object();
        for (const auto& value : json.value(QStringLiteral("products")).toArray())
            if (const auto product = parseProduct(value.toObject()))
                products.insert(product->sku, *product);
        return products;
    }

    qint64 shopStock(const QString& sku) { return shopProducts().value(sku).stock; }

    // "delta|reason|note" of the newest write-off of `sku` with a reason, read from the server's
    // database file on a read-only connection of the test's own.
    QString lastWriteOff(const QString& sku) {
        QString found;
        {
            auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("peek"));
            db.setDatabaseName(dir_.filePath(QStringLiteral("topcoat.db")));
            db.setConnectOptions(QStringLiteral("QSQLITE_OPEN_READONLY"));
            if (!db.open())
                return QStringLiteral("cannot open: ") + db.lastError().text();
            QSqlQuery query(db);
            query.prepare(QStringLiteral(
                "SELECT m.delta, w.reason, COALESCE(w.note, '') FROM stock_movements m "
                "JOIN write_off_reasons w ON w.movement_id = m.id WHERE m.sku = ? "
                "ORDER BY m.id DESC LIMIT 1"));
            query.addBindValue(sku);
            if (!query.exec())
                return QStringLiteral("cannot read: ") + query.lastError().text();
            if (query.next())
                found = QStringLiteral("%1|%2|%3")
                            .arg(query.value(0).toLongLong())
                            .arg(query.value(1).toString(), query.value(2).toString());
        }
        QSqlDatabase::removeDatabase(QStringLiteral("peek"));
        return found;
    }

    template <typename Dialog> Dialog* openDialog(CatalogView& view, const char* action) {
        auto* trigger = view.findChild<QAction*>(QString::fromLatin1(action));
        if (!trigger || !trigger->isEnabled())
            return nullptr;
        trigger->trigger();
        return view.findChild<Dialog*>();
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<test::TopcoatdProcess>(dir_.path(),
                                                          QStringList{QStringLiteral("--demo")});
        const bool started = server_->start();
        QVERIFY2(started, qPrintable(server_->error()));
        network_ = std::make_unique<QNetworkAccessManager>();
        client_ = std::make_unique<AdminClient>(*network_);
        client_->setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_->adminPort())),
                           QString::fromStdString(server_->adminToken()));
        session_ = std::make_unique<ConsoleSession>(*client_, clock_);
    }

    void importsNewRowsAndUpdatesChangedOnes() {
        // Units of NP-006 sold before the import: the file's stock must not overwrite them.
        test::HttpClient storefront("127.0.0.1", server_->port());
        QCOMPARE(storefront
                     .post("/api/checkout",
                           "{\"sku\":\"NP-006\",\"quantity\":3,\"customer\":\"a@example.com\"}")
                     .status,
                 201);
        const auto path = dir_.filePath(QStringLiteral("catalog.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("sku,name,shade_hex,price,stock\r\n"
                   "NP-101,\"Holo Dream, Silver\",#c0c0c0,14.50,40\r\n"
                   "NP-102,Moss Garden,#4a5d23,12,25\r\n"
                   "NP-103,Broken Shade,#12345,12.00,10\r\n"
                   "NP-101,Holo Dream Again,#c0c0c1,14.50,40\r\n"
                   "NP-003,Midnight Navy,#1B1F3B,12.50,90\r\n"
                   "NP-004,Coral Reef Deluxe,#ff7f50,13.75,100\r\n"
                   "NP-005,Sage Whisper,#9caf88,13.00,95\r\n"
                   "NP-006,Lilac Haze,#c8a2c8,11.50,90\r\n");
        file.close();

        CsvImportDialog dialog(*client_);
        QSignalSpy ready(&dialog, &CsvImportDialog::previewReady);
        dialog.show();
        QVERIFY(dialog.loadFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);

        using State = CsvImportDialog::RowState;
        QCOMPARE(dialog.rowCount(), 8);
        QCOMPARE(dialog.rowState(0), State::New);
        QCOMPARE(dialog.rowState(1), State::New);
        QCOMPARE(dialog.rowState(2), State::Invalid);
        QVERIFY(dialog.statusText(2).contains(QStringLiteral("shade must be a colour")));
        QCOMPARE(dialog.rowState(3), State::Invalid);
        QVERIFY(dialog.statusText(3).contains(QStringLiteral("duplicate SKU (first on line 2)")));
        QCOMPARE(dialog.rowState(4), State::Unchanged); // the shade differs only in case
        QVERIFY(dialog.statusText(4).contains(QStringLiteral("nothing to change")));
        QCOMPARE(dialog.rowState(5), State::Changed);
        QCOMPARE(dialog.statusText(5),
                 QStringLiteral("Changes: name “Coral Reef” → “Coral Reef Deluxe”; price 11.50 → "
                                "13.75; stock 110 → 100 available (10 written off)"));
        QCOMPARE(dialog.rowState(6), State::Changed);
        QCOMPARE(dialog.statusText(6),
                 QStringLiteral("Changes: stock 80 → 95 available (15 restocked)"));
        QCOMPARE(dialog.rowState(7), State::Changed);
        QCOMPARE(dialog.statusText(7),
                 QStringLiteral("Changes: stock 97 → 90 available (7 written off)"));
        QVERIFY2(dialog.summaryText().contains(
                     QStringLiteral("2 new, 3 changed, 1 unchanged, 2 invalid")),
                 qPrintable(dialog.summaryText()));
        QVERIFY(dialog.summaryText().contains(
            QStringLiteral("Units already sold or reserved are not touched")));
        QVERIFY(dialog.problemsText().contains(
            QStringLiteral("Line 4: shade must be a colour like #c0ffee")));
        dialog.resize(900, 360);
        savePng(dialog, QStringLiteral("csv-preview.png"));

        QSignalSpy finished(&dialog, &CsvImportDialog::importFinished);
        dialog.startImport();
        QTRY_COMPARE_WITH_TIMEOUT(finished.count(), 1, 20000);
        QCOMPARE(finished.front().at(0).toInt(), 2); // added
        QCOMPARE(finished.front().at(1).toInt(), 3); // updated
        QCOMPARE(finished.front().at(2).toInt(), 0); // refused
        QCOMPARE(dialog.rowState(0), State::Imported);
        QCOMPARE(dialog.rowState(1), State::Imported);
        QCOMPARE(dialog.rowState(4), State::Unchanged);
        for (const int row : {5, 6, 7})
            QCOMPARE(dialog.rowState(row), State::Updated);
        savePng(dialog, QStringLiteral("csv-imported.png"));

        const auto products = shopProducts();
        QCOMPARE(products.size(), 26); // the 24 demo products and exactly the two new ones
        const auto holo = products.value(QStringLiteral("NP-101"));
        QCOMPARE(holo.name, QStringLiteral("Holo Dream, Silver"));
        QCOMPARE(holo.shadeHex, QStringLiteral("#c0c0c0"));
        QCOMPARE(holo.priceCents, 1450);
        QCOMPARE(holo.stock, 40);
        QCOMPARE(products.value(QStringLiteral("NP-102")).priceCents, 1200);
        QVERIFY(!products.contains(QStringLiteral("NP-103")));
        const auto navy = products.value(QStringLiteral("NP-003"));
        QCOMPARE(navy.stock, 90);
        QCOMPARE(navy.stocked, 90);
        const auto coral = products.value(QStringLiteral("NP-004"));
        QCOMPARE(coral.name, QStringLiteral("Coral Reef Deluxe"));
        QCOMPARE(coral.priceCents, 1375);
        QCOMPARE(coral.stock, 100);
        QCOMPARE(lastWriteOff(QStringLiteral("NP-004")), QStringLiteral("-10|other|CSV import"));
        const auto sage = products.value(QStringLiteral("NP-005"));
        QCOMPARE(sage.stock, 95);
        QCOMPARE(sage.stocked, 95);
        const auto lilac = products.value(QStringLiteral("NP-006"));
        QCOMPARE(lilac.stock, 90);
        QCOMPARE(lilac.sold, 3); // kept: only the available units were set
        QCOMPARE(lilac.stocked, 93);
    }

    // Where the owner's locale writes 12,50, so does the preview read it; a row it cannot read
    // is listed with its whole reason, wrapped, below the table.
    void previewsDecimalCommasUnderTheOwnersLocale() {
        const auto path = dir_.filePath(QStringLiteral("katalog.csv"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("sku;name;shade_hex;price;stock\r\n"
                   "NP-201;Kirschrot, matt;#9b111e;12,50;5\r\n"
                   "NP-202;Tannengr\xC3\xBCn;#123456;1.250;5\r\n");
        file.close();
        // The owner's locale is the application's default one; put back for the other tests.
        const auto restore = qScopeGuard([before = QLocale()] { QLocale::setDefault(before); });
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        CsvImportDialog dialog(*client_);
        QSignalSpy ready(&dialog, &CsvImportDialog::previewReady);
        dialog.resize(700, 400);
        dialog.show();
        QVERIFY(dialog.loadFile(path));
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 10000);

        using State = CsvImportDialog::RowState;
        QCOMPARE(dialog.rowCount(), 2);
        QCOMPARE(dialog.rowState(0), State::New);
        QCOMPARE(dialog.rowState(1), State::Invalid);
        auto* problems = dialog.findChild<QPlainTextEdit*>(QStringLiteral("rowProblems"));
        QVERIFY(problems && problems->isVisible());
        QCOMPARE(problems->lineWrapMode(), QPlainTextEdit::WidgetWidth);
        const auto whole =
            QStringLiteral("Line 3: price “1.250” is ambiguous: it may be 1250 with a "
                           "thousands separator or a decimal with three places; "
                           "write 1250, or at most two decimals");
        QCOMPARE(dialog.problemsText(), whole);
        savePng(dialog, QStringLiteral("csv-decimal-comma.png"));
    }

    void addsAProductTypedIntoTheForm() {
        CatalogView view(*session_);
        view.show();
        auto* dialog = openDialog<ProductDialog>(view, "addAction");
        QVERIFY(dialog);
        auto* sku = dialog->findChild<QLineEdit*>(QStringLiteral("sku"));
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("name"));
        auto* hex = dialog->findChild<QLineEdit*>(QStringLiteral("shadeHex"));
        auto* price = dialog->findChild<QDoubleSpinBox*>(QStringLiteral("price"));
        auto* stock = dialog->findChild<QSpinBox*>(QStringLiteral("stock"));
        auto* save = dialog->findChild<QPushButton*>(QStringLiteral("save"));
        QVERIFY(sku && name && hex && price && stock && save);

        // Local rules first: nothing is sent while a field is wrong.
        QTest::keyClicks(sku, QStringLiteral("np 200"));
        QCOMPARE(sku->text(), QStringLiteral("NP 200")); // upper-cased as typed
        hex->clear();
        QTest::keyClicks(hex, QStringLiteral("#1234"));
        QTest::mouseClick(save, Qt::LeftButton);
        QVERIFY(dialog->fieldError(ProductDialog::SkuField).contains(QStringLiteral("SKU")));
        QVERIFY(dialog->fieldError(ProductDialog::NameField).contains(QStringLiteral("required")));
        QVERIFY(dialog->fieldError(ProductDialog::ShadeField).contains(QStringLiteral("#c0ffee")));

        // A SKU the shop already has: the server's 409 lands on the SKU field.
        sku->clear();
        QTest::keyClicks(sku, QStringLiteral("NP-001"));
        QTest::keyClicks(name, QStringLiteral("Velvet Night"));
        QTest::keyClicks(hex, QStringLiteral("56"));
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            dialog->fieldError(ProductDialog::SkuField).contains(QStringLiteral("already")), 10000);
        QVERIFY(dialog->fieldError(ProductDialog::ShadeField).isEmpty());
        savePng(*dialog, QStringLiteral("product-sku-exists.png"));

        sku->clear();
        QTest::keyClicks(sku, QStringLiteral("NP-200"));
        price->selectAll();
        QTest::keyClicks(price, QStringLiteral("9.99"));
        stock->selectAll();
        QTest::keyClicks(stock, QStringLiteral("40"));
        QSignalSpy saved(dialog, &ProductDialog::productSaved);
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(saved.count(), 1, 10000);

        const auto added = shopProducts().value(QStringLiteral("NP-200"));
        QCOMPARE(added.name, QStringLiteral("Velvet Night"));
        QCOMPARE(added.shadeHex, QStringLiteral("#123456"));
        QCOMPARE(added.priceCents, 999);
        QCOMPARE(added.stock, 40);
        QTRY_VERIFY(view.model().product(QStringLiteral("NP-200")).has_value());
        QCOMPARE(view.selectedSku(), QStringLiteral("NP-200"));
    }

    void restocksAndWritesOffAfterConfirming() {
        CatalogView view(*session_);
        QStringList questions;
        bool agree = true;
        view.setConfirm([&](QWidget*, const QString& question) {
            questions.append(question);
            return agree;
        });
        view.resize(1100, 720);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), 10000);
        QVERIFY(view.selectSku(QStringLiteral("NP-001")));

        auto* restock = openDialog<RestockDialog>(view, "restockAction");
        QVERIFY(restock);
        restock->setQuantity(5);
        auto* apply = restock->findChild<QPushButton*>(QStringLiteral("apply"));
        QTest::mouseClick(apply, Qt::LeftButton);
        QCOMPARE(questions.last(),
                 QStringLiteral("Add 5 units of Cherry Lacquer (NP-001)? 125 will be available."));
        QTRY_COMPARE_WITH_TIMEOUT(shopStock(QStringLiteral("NP-001")), 125, 10000);
        QTRY_VERIFY(!view.findChild<RestockDialog*>()); // closed once the shop agreed

        // A write-off says why: without a reason nothing is asked or sent.
        auto* writeOff = openDialog<RestockDialog>(view, "writeOffAction");
        QVERIFY(writeOff);
        writeOff->setQuantity(10);
        const auto asked = questions.size();
        QTest::mouseClick(writeOff->findChild<QPushButton*>(QStringLiteral("apply")),
                          Qt::LeftButton);
        QCOMPARE(questions.size(), asked);
        QVERIFY2(writeOff->errorText().contains(QStringLiteral("Choose why")),
                 qPrintable(writeOff->errorText()));
        auto* reason = writeOff->findChild<QComboBox*>(QStringLiteral("reason"));
        QVERIFY(reason);
        reason->setCurrentIndex(reason->findData(QStringLiteral("damaged")));
        QTest::keyClicks(writeOff->findChild<QLineEdit*>(QStringLiteral("note")),
                         QStringLiteral("box dropped"));

        // Declining the confirmation sends nothing and leaves the dialog open.
        agree = false;
        QTest::mouseClick(writeOff->findChild<QPushButton*>(QStringLiteral("apply")),
                          Qt::LeftButton);
        QCOMPARE(questions.last(), QStringLiteral("Write off 10 units of Cherry Lacquer (NP-001) "
                                                  "as damaged? 115 will remain."));
        QVERIFY(writeOff->isVisible());
        agree = true;
        QTest::mouseClick(writeOff->findChild<QPushButton*>(QStringLiteral("apply")),
                          Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(shopStock(QStringLiteral("NP-001")), 115, 10000);
        QTRY_VERIFY(!view.findChild<RestockDialog*>());
        QCOMPARE(shopStock(QStringLiteral("NP-001")), 115);
        // Stored with the movement, as the server's database holds it.
        QCOMPARE(lastWriteOff(QStringLiteral("NP-001")), QStringLiteral("-10|damaged|box dropped"));

        const auto row = view.model().rowOf(QStringLiteral("NP-001"));
        QCOMPARE(view.model().index(row, ProductsModel::Available).data().toString(),
                 QStringLiteral("115"));
        QVERIFY(view.statusText().contains(QStringLiteral("products")));
        savePng(view, QStringLiteral("catalog.png"));
    }

    void showsTheRefusalOfAWriteOffBelowZero() {
        CatalogView view(*session_);
        QString question;
        view.setConfirm([&](QWidget*, const QString& asked) {
            question = asked;
            return true;
        });
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), 10000);
        QVERIFY(view.selectSku(QStringLiteral("NP-002")));
        const auto before = shopStock(QStringLiteral("NP-002"));
        QCOMPARE(before, 150);

        auto* writeOff = openDialog<RestockDialog>(view, "writeOffAction");
        QVERIFY(writeOff);
        writeOff->setQuantity(500);
        writeOff->setReason(QStringLiteral("lost"));
        QTest::mouseClick(writeOff->findChild<QPushButton*>(QStringLiteral("apply")),
                          Qt::LeftButton);
        QVERIFY(question.contains(QStringLiteral("Only 150 are available")));
        QTRY_VERIFY_WITH_TIMEOUT(!writeOff->errorText().isEmpty(), 10000);
        QVERIFY2(writeOff->errorText().contains(QStringLiteral("only 150 units are available")),
                 qPrintable(writeOff->errorText()));
        QVERIFY(writeOff->isVisible());
        QCOMPARE(shopStock(QStringLiteral("NP-002")), before);
        writeOff->resize(420, 200);
        savePng(*writeOff, QStringLiteral("write-off-refused.png"));
    }

    void filtersBySkuOrName() {
        CatalogView view(*session_);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), 10000);
        auto* search = view.findChild<QLineEdit*>(QStringLiteral("search"));
        QTest::keyClicks(search, QStringLiteral("lacquer"));
        QCOMPARE(view.table()->model()->rowCount(), 1);
        QVERIFY(view.selectSku(QStringLiteral("NP-001")));
        QVERIFY(!view.selectSku(QStringLiteral("NP-002"))); // filtered out
    }

    void cleanupTestCase() {
        session_.reset();
        client_.reset();
        network_.reset();
        if (server_)
            QCOMPARE(server_->terminate(), 0);
    }
};

QTEST_MAIN(TestCatalogView)
#include "test_catalog_view.moc"

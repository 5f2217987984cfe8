// The Orders screen against a real topcoatd: twelve checkouts on two SKUs by three customers
// (one SKU in a live sale), made in two batches a second apart so the time filter has a
// boundary the server's whole-second timestamps cannot blur. Expected rows and totals are
// computed here from what the test bought, never read back from the view. The session's beats
// are driven by hand (ManualClock), so polling is asked for rather than waited for. Last, two
// checkouts with shipping addresses, followed to the Ship to column, the panel, the clipboard and
// the export.

#include "tests/support/HttpClient.h"
#include "tests/ui/ClientTestKit.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "ui/ConsoleSession.h"
#include "ui/OrderAddressPanel.h"
#include "ui/OrdersView.h"

#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>
#include <functional>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

constexpr int answerMs = 20000;

struct Bought {
    QString id;
    QString sku;
    qint64 quantity = 0;
    qint64 unitCents = 0;
    QString customer;
    bool inSale = false;
    int batch = 0;
};

// RFC 4180 records: quoted fields may hold commas, doubled quotes and line breaks.
QList<QStringList> parseCsv(const QString& text);

// The records of the CSV file at `path`; none when it cannot be read.
QList<QStringList> readCsv(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? parseCsv(QString::fromUtf8(file.readAll()))
                                          : QList<QStringList>{};
}

QList<QStringList> parseCsv(const QString& text) {
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == QLatin1Char('"') && i + 1 < text.size() && text[i + 1] == QLatin1Char('"'))
                field += c, ++i;
            else if (c == QLatin1Char('"'))
                quoted = false;
            else
                field += c;
        } else if (c == QLatin1Char('"')) {
            quoted = true;
        } else if (c == QLatin1Char(',')) {
            record << std::exchange(field, {});
        } else if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                   text[i + 1] == QLatin1Char('\n')) {
            record << std::exchange(field, {});
            records << std::exchange(record, {});
            ++i;
        } else {
            field += c;
        }
    }
    return records;
}

} // namespace

class TestOrdersView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
        plain_ = shop_.addProduct("ORD", 1250, 1000);
        onSale_ = shop_.addProduct("ORS", 399, 1000);
        QVERIFY(!plain_.isEmpty() && !onSale_.isEmpty());
        // Names of their own (one with a comma), so the export's product column can be told
        // apart per row and must be quoted.
        for (const auto& [sku, name] :
             {std::pair{plain_, plainName_}, std::pair{onSale_, onSaleName_}}) {
            ProductChange change;
            change.name = name;
            const auto renamed = test::await<Product>(
                [&](QObject* c, auto done) { shop_.client().updateProduct(sku, change, c, done); });
            QVERIFY2(renamed && renamed->ok(), test::describe(renamed).constData());
        }
        const auto sale = shop_.createSale(onSale_, 300, -60, 3600);
        QVERIFY(sale && sale->ok());
        saleId_ = sale->value->id;

        // Batch 1, then (after the clock's second turns) batch 2: `boundary_` falls between.
        buy(plain_, 1, ann_, 1);
        buy(plain_, 2, ann_, 1);
        buy(plain_, 3, bob_, 1);
        buy(plain_, 1, carol_, 1);
        buy(plain_, 4, carol_, 1);
        buy(onSale_, 1, ann_, 1);
        buy(onSale_, 2, bob_, 1);
        const auto lastSecond = QDateTime::currentSecsSinceEpoch();
        QTRY_VERIFY_WITH_TIMEOUT(QDateTime::currentSecsSinceEpoch() > lastSecond, 3000);
        boundary_ = QDateTime::fromSecsSinceEpoch(lastSecond + 1, Qt::UTC);
        buy(plain_, 1, bob_, 2);
        buy(plain_, 5, ann_, 2);
        buy(plain_, 2, carol_, 2);
        buy(onSale_, 1, carol_, 2);
        buy(onSale_, 1, ann_, 2);
        QCOMPARE(bought_.size(), 12);
    }

    void loadsEveryOrderAndFilters() {
        OrdersView view(session_);
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), int(bought_.size()), answerMs);
        QVERIFY(view.model().loaded());
        for (const auto& order : view.model().orders()) {
            const Bought* mine = find(order.orderId);
            QVERIFY2(mine, qPrintable(order.orderId));
            QCOMPARE(order.sku, mine->sku);
            QCOMPARE(order.quantity, mine->quantity);
            QCOMPARE(order.unitPriceCents, mine->unitCents);
            QCOMPARE(order.totalCents, mine->unitCents * mine->quantity);
            QCOMPARE(order.customer, mine->customer);
            QCOMPARE(order.saleId.has_value(), mine->inSale);
        }
        expectShown(view, [](const Bought&) { return true; });

        auto* sku = view.findChild<QLineEdit*>(QStringLiteral("skuFilter"));
        auto* customer = view.findChild<QLineEdit*>(QStringLiteral("customerFilter"));
        auto* sale = view.findChild<QComboBox*>(QStringLiteral("saleFilter"));
        QVERIFY(sku && customer && sale);

        sku->setText(plain_.toLower()); // exact, but case-insensitive
        expectShown(view, [this](const Bought& b) { return b.sku == plain_; });
        sku->setText(plain_.left(plain_.size() - 1)); // a prefix is not the SKU
        expectShown(view, [](const Bought&) { return false; });
        sku->clear();

        customer->setText(QStringLiteral("EXAMPLE.com")); // contains, case-insensitive
        expectShown(view, [this](const Bought& b) { return b.customer != carol_.toLower(); });
        sku->setText(onSale_);
        expectShown(view, [this](const Bought& b) {
            return b.customer != carol_.toLower() && b.sku == onSale_;
        });
        sku->clear();
        customer->clear();

        QTRY_VERIFY_WITH_TIMEOUT(sale->findData(saleId_, Qt::UserRole + 1) >= 0, answerMs);
        sale->setCurrentIndex(sale->findData(saleId_, Qt::UserRole + 1));
        expectShown(view, [](const Bought& b) { return b.inSale; });
        sale->setCurrentIndex(1); // no sale
        expectShown(view, [](const Bought& b) { return !b.inSale; });
        sale->setCurrentIndex(0);

        auto* fromOn = view.findChild<QCheckBox*>(QStringLiteral("fromEnabled"));
        auto* from = view.findChild<QDateTimeEdit*>(QStringLiteral("fromTime"));
        auto* toOn = view.findChild<QCheckBox*>(QStringLiteral("toEnabled"));
        auto* to = view.findChild<QDateTimeEdit*>(QStringLiteral("toTime"));
        QVERIFY(fromOn && from && toOn && to);
        from->setDateTime(boundary_.toLocalTime());
        fromOn->setChecked(true); // inclusive: batch 2 began at or after the boundary
        expectShown(view, [](const Bought& b) { return b.batch == 2; });
        fromOn->setChecked(false);
        to->setDateTime(boundary_.toLocalTime());
        toOn->setChecked(true); // exclusive
        expectShown(view, [](const Bought& b) { return b.batch == 1; });
        fromOn->setChecked(true); // an empty range
        expectShown(view, [](const Bought&) { return false; });
    }

    void newOrderAppearsByItself() {
        OrdersView view(session_);
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        QCOMPARE(view.model().rowCount(), int(bought_.size()));
        buy(plain_, 7, bob_, 3);
        QVERIFY(beatUntil([&] { return view.model().rowCount() == int(bought_.size()); }));
        QCOMPARE(view.model().orders().last().orderId, bought_.last().id);
        expectShown(view, [](const Bought&) { return true; });

        // Not following (another screen in front): nothing is fetched, and nothing is missed
        // once it follows again. Each beat that would poll makes no call at all.
        QTRY_VERIFY_WITH_TIMEOUT(!view.model().fetching(), answerMs);
        view.setFollowing(false);
        buy(plain_, 7, bob_, 1);
        for (int beat = 0; beat < 10; ++beat) {
            clock_.advance(ui::ConsoleSession::visibleBeat);
            QVERIFY(!view.model().fetching());
            QCoreApplication::processEvents();
        }
        QCOMPARE(view.model().rowCount(), int(bought_.size()) - 1);
        view.setFollowing(true);
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), int(bought_.size()), answerMs);
        QCOMPARE(view.model().orders().last().orderId, bought_.last().id);
    }

    void exportsTheFilteredRows() {
        OrdersView view(session_);
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), int(bought_.size()), answerMs);
        // carol's address holds a comma and quotes: the export must quote it.
        view.findChild<QLineEdit*>(QStringLiteral("customerFilter"))
            ->setText(QStringLiteral("carol"));
        const auto wanted =
            expectShown(view, [this](const Bought& b) { return b.customer == carol_.toLower(); });
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("orders.csv"));
        QVERIFY(view.exportCsv(path));
        const auto records = readCsv(path);
        QCOMPARE(records.size(), wanted + 1);
        QCOMPARE(records[0].join(QLatin1Char(',')),
                 QStringLiteral("order_id,created_at,sku,product,quantity,unit_price,total,"
                                "currency,customer,sale_id,sale,ship_name,ship_line1,ship_line2,"
                                "ship_city,ship_postal_code,ship_country"));
        QSet<QString> seen;
        const auto decimal = [](qint64 cents) {
            return QStringLiteral("%1.%2")
                .arg(cents / 100)
                .arg(cents % 100, 2, 10, QLatin1Char('0'));
        };
        for (qsizetype i = 1; i < records.size(); ++i) {
            const auto& fields = records[i];
            QCOMPARE(fields.size(), 17);
            const Bought* mine = find(fields[0]);
            QVERIFY(mine && mine->customer == carol_.toLower());
            QVERIFY(!seen.contains(mine->id));
            seen.insert(mine->id);
            const auto at = QDateTime::fromString(fields[1], Qt::ISODate);
            QVERIFY(at.isValid() && fields[1].endsWith(QLatin1Char('Z')));
            QCOMPARE(at >= boundary_, mine->batch >= 2);
            QCOMPARE(fields[2], mine->sku);
            QCOMPARE(fields[3], mine->inSale ? onSaleName_ : plainName_);
            QCOMPARE(fields[4].toLongLong(), mine->quantity);
            QCOMPARE(fields[5], decimal(mine->unitCents)); // "12.50", "3.00"
            QCOMPARE(fields[6], decimal(mine->unitCents * mine->quantity));
            QCOMPARE(fields[7], QStringLiteral("USD"));
            QCOMPARE(fields[8], carol_.toLower());
            QCOMPARE(fields[9], mine->inSale ? QString::number(saleId_) : QString());
            QCOMPARE(fields[10], mine->inSale ? QStringLiteral("Sale of ") + onSale_ : QString());
            // Bought without an address: its six fields are there, empty (showsWhereAnOrderGoes
            // exports addresses).
            QCOMPARE(fields.mid(11), QStringList(6, QString()));
        }

        // The currency is the caller's to give (the shop's own, once it has one).
        QVERIFY(view.exportCsv(path, QStringLiteral("EUR")));
        const auto euros = readCsv(path);
        QCOMPARE(euros.size(), wanted + 1);
        QCOMPARE(euros[1][7], QStringLiteral("EUR"));
    }

    // Saving from the screen says how many orders went to which file (in a box and on the
    // status line), and a file that cannot be written is not reported as saved.
    void reportsWhereTheExportWent() {
        OrdersView view(session_);
        view.show();
        QVERIFY(beatUntil([&] { return view.model().rowCount() == int(bought_.size()); }));
        auto* status = view.findChild<QLabel*>(QStringLiteral("ordersStatus"));
        QVERIFY(status);
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("all orders.csv"));
        const auto said = QStringLiteral("Exported %1 orders to %2")
                              .arg(bought_.size())
                              .arg(QDir::toNativeSeparators(path));
        QVERIFY(view.saveExport(path));
        QVERIFY(QFile::exists(path));
        QVERIFY2(status->text().contains(said), qPrintable(status->text()));
        QPointer<QMessageBox> box = view.findChild<QMessageBox*>(QStringLiteral("exportOutcome"));
        QVERIFY(box);
        QCOMPARE(box->text(), said + QLatin1Char('.'));
        QCOMPARE(box->icon(), QMessageBox::Information);
        box->accept();
        QTRY_VERIFY(!box); // closed and deleted

        const auto nowhere = dir.filePath(QStringLiteral("missing/orders.csv"));
        QVERIFY(!view.saveExport(nowhere));
        QVERIFY(!status->text().contains(QStringLiteral("Exported")));
        box = view.findChild<QMessageBox*>(QStringLiteral("exportOutcome"));
        QVERIFY(box);
        QCOMPARE(box->icon(), QMessageBox::Warning);
        QCOMPARE(box->text(),
                 QStringLiteral("Could not write %1.").arg(QDir::toNativeSeparators(nowhere)));
    }

    void pagesThroughEveryOrderOnce() {
        OrdersView view(session_, nullptr, 5); // 13+ orders: three pages or more
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        QCOMPARE(view.model().rowCount(), int(bought_.size()));
        QSet<QString> ids;
        for (const auto& order : view.model().orders()) {
            QVERIFY2(!ids.contains(order.orderId), qPrintable(order.orderId));
            ids.insert(order.orderId);
            QVERIFY(find(order.orderId));
        }
        // Polling resumes from the final page's cursor: the next order comes once.
        buy(plain_, 1, carol_, 3);
        QVERIFY(beatUntil([&] { return view.model().rowCount() == int(bought_.size()); }));
        QCOMPARE(view.model().orders().last().orderId, bought_.last().id);
    }

    void dropsTheOldestBeyondTheCap() {
        OrdersView view(session_, nullptr, 5);
        view.model().setCapacity(7);
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        QCOMPARE(view.model().rowCount(), 7);
        QCOMPARE(view.model().dropped(), qint64(bought_.size() - 7));
        for (int row = 0; row < 7; ++row) // the newest seven, still oldest first
            QCOMPARE(view.model().order(row).orderId, bought_[bought_.size() - 7 + row].id);
        auto* status = view.findChild<QLabel*>(QStringLiteral("ordersStatus"));
        QVERIFY(status && status->text().contains(QStringLiteral("newest 7")));
    }

    // Saving from the screen writes the shop's own currency, as set on the Shop screen.
    void savesInTheShopsCurrency() {
        ui::ShopIdentity identity;
        identity.name = QStringLiteral("Lacquer Loft");
        identity.currency = QStringLiteral("EUR");
        const auto saved = test::await<ui::ShopIdentity>([&](QObject* context, auto done) {
            shop_.client().setShop(identity, false, context, done);
        });
        QVERIFY2(saved && saved->ok(), test::describe(saved).constData());
        OrdersView view(session_);
        QVERIFY(beatUntil([&] { return view.model().rowCount() == int(bought_.size()); }));
        QTRY_COMPARE_WITH_TIMEOUT(view.currency(), QStringLiteral("EUR"), answerMs);
        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("orders.csv"));
        QVERIFY(view.saveExport(path));
        const auto records = readCsv(path);
        QCOMPARE(records.size(), bought_.size() + 1);
        QCOMPARE(records[0][7], QStringLiteral("currency"));
        for (qsizetype row = 1; row < records.size(); ++row)
            QCOMPARE(records[row][7], QStringLiteral("EUR"));
        // Closes its box so the next test starts with none.
        if (auto* box = view.findChild<QMessageBox*>(QStringLiteral("exportOutcome")))
            box->accept();
    }

    // Where an order goes: the address given at checkout in the Ship to column, in full beside
    // the history with a button that copies it for a label, and as the export's last columns.
    // One address in full (line2 with a comma, for the CSV), one without line2 and postal code.
    void showsWhereAnOrderGoes() {
        const QJsonObject ana{{"name", "Ana Müller"},         {"line1", "Hohe Straße 12"},
                              {"line2", "Hinterhaus, 2. OG"}, {"city", "Köln"},
                              {"postal_code", "50667"},       {"country", "DE"}};
        // A line a spreadsheet would run as a formula, as an attacker might type it.
        const QJsonObject tom{{"name", "Tom O'Neil"},
                              {"line1", "=HYPERLINK(\"http://x.example\";\"1 Main\")"},
                              {"city", "Springfield"},
                              {"country", "US"}};
        // Not ann_: she has bought the sale's limit already.
        const auto toAna = checkoutTo(onSale_, 1, QStringLiteral("ana.m@example.com"), ana);
        const auto toTom = checkoutTo(plain_, 2, bob_, tom);
        QVERIFY(!toAna.isEmpty() && !toTom.isEmpty());
        const auto nowhere = bought_.first().id; // bought without an address
        OrdersView view(session_);
        view.resize(1024, 600);
        view.show();
        QVERIFY(beatUntil([&] { return view.model().rowCount() == int(bought_.size()); }));

        const auto shipTo = [&](const QString& id) {
            const int row = view.model().rowOf(id);
            return row < 0 ? QStringLiteral("(no row)")
                           : view.model().index(row, OrdersModel::ShipTo).data().toString();
        };
        QCOMPARE(view.model().headerData(OrdersModel::ShipTo, Qt::Horizontal).toString(),
                 QStringLiteral("Ship to"));
        QCOMPARE(shipTo(toAna), QStringLiteral("Ana Müller, Köln, DE"));
        QCOMPARE(shipTo(toTom), QStringLiteral("Tom O'Neil, Springfield, US"));
        QCOMPARE(shipTo(nowhere), QString());

        auto* shown = view.findChild<QLabel*>(QStringLiteral("shippingAddress"));
        auto* copy = view.findChild<QPushButton*>(QStringLiteral("copyAddress"));
        QVERIFY(shown && copy);
        QVERIFY(!copy->isEnabled()); // nothing selected
        const auto anaLabel =
            QStringLiteral("Ana Müller\nHohe Straße 12\nHinterhaus, 2. OG\n50667 Köln\nDE");
        QVERIFY(view.selectOrder(toAna));
        QCOMPARE(view.address().labelText(), anaLabel);
        QVERIFY2(shown->text().endsWith(anaLabel), qPrintable(shown->text()));
        QVERIFY(copy->isEnabled());
        QApplication::clipboard()->clear();
        copy->click();
        QCOMPARE(QApplication::clipboard()->text(), anaLabel);
        // Read again once selected (its history): the address is still the one shown.
        auto* heading = view.findChild<QLabel*>(QStringLiteral("orderHeading"));
        QVERIFY(heading);
        QTRY_VERIFY_WITH_TIMEOUT(heading->text().contains(QStringLiteral("never moved")), answerMs);
        QCOMPARE(view.address().labelText(), anaLabel);

        QVERIFY(view.selectOrder(toTom)); // left out: no empty line, no stray space
        const auto tomLabel = QStringLiteral(
            "Tom O'Neil\n=HYPERLINK(\"http://x.example\";\"1 Main\")\nSpringfield\nUS");
        QCOMPARE(view.address().labelText(), tomLabel);
        copy->click();
        QCOMPARE(QApplication::clipboard()->text(), tomLabel);

        QVERIFY(view.selectOrder(nowhere));
        QVERIFY(view.address().labelText().isEmpty());
        QCOMPARE(shown->text(), QStringLiteral("No shipping address."));
        QVERIFY(!copy->isEnabled());

        QTemporaryDir dir;
        const auto path = dir.filePath(QStringLiteral("orders.csv"));
        QVERIFY(view.exportCsv(path));
        const auto records = readCsv(path);
        QCOMPARE(records.size(), bought_.size() + 1);
        QCOMPARE(records[0].mid(11).join(QLatin1Char(',')),
                 QStringLiteral("ship_name,ship_line1,ship_line2,ship_city,ship_postal_code,"
                                "ship_country"));
        QCOMPARE(records[0][10], QStringLiteral("sale")); // the columns before keep their places
        QHash<QString, QStringList> shipping;
        for (qsizetype i = 1; i < records.size(); ++i) {
            QCOMPARE(records[i].size(), 17);
            shipping.insert(records[i][0], records[i].mid(11));
        }
        QCOMPARE(shipping.value(toAna), QStringList({"Ana Müller", "Hohe Straße 12",
                                                     "Hinterhaus, 2. OG", "Köln", "50667", "DE"}));
        QCOMPARE(shipping.value(toTom),
                 QStringList({"Tom O'Neil", "'=HYPERLINK(\"http://x.example\";\"1 Main\")", "",
                              "Springfield", "", "US"}));
        QCOMPARE(shipping.value(nowhere), QStringList({"", "", "", "", "", ""}));
    }

private:
    // One order over the storefront with a shipping address, kept in bought_; its id.
    QString checkoutTo(const QString& sku, int quantity, const QString& customer,
                       const QJsonObject& shipping) {
        test::HttpClient storefront("127.0.0.1", shop_.server().port());
        const QJsonObject body{
            {"sku", sku}, {"quantity", quantity}, {"customer", customer}, {"shipping", shipping}};
        const auto result = storefront.post(
            "/api/checkout", QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString());
        if (result.status != 201)
            return {};
        const auto id = QString::fromStdString(result.json()->getValue<std::string>("order_id"));
        const bool inSale = sku == onSale_;
        bought_.append({id, sku, quantity, inSale ? 300 : 1250, customer.toLower(), inSale, 3});
        return id;
    }

    const QString plainName_ = QStringLiteral("Orchid Dusk");
    const QString onSaleName_ = QStringLiteral("Sunset, Glossy");
    // Beats the session until `done` holds, each beat in an event-loop turn of its own as in the
    // program; false when it did not within the answer time.
    bool beatUntil(const std::function<bool()>& done) {
        return QTest::qWaitFor(
            [&] {
                if (done())
                    return true;
                clock_.advance(ui::ConsoleSession::visibleBeat);
                return false;
            },
            answerMs);
    }

    void buy(const QString& sku, int quantity, const QString& customer, int batch) {
        const auto id = shop_.checkout(sku, quantity, customer);
        QVERIFY2(!id.isEmpty(), qPrintable(sku + QLatin1Char(' ') + customer));
        const bool inSale = sku == onSale_;
        // The server stores addresses trimmed and lower-cased.
        bought_.append({id, sku, quantity, inSale ? 300 : 1250, customer.toLower(), inSale, batch});
    }

    const Bought* find(const QString& id) const {
        for (const auto& b : bought_)
            if (b.id == id)
                return &b;
        return nullptr;
    }

    // The view shows exactly the bought orders `wanted` selects, with matching totals.
    int expectShown(OrdersView& view, const std::function<bool(const Bought&)>& wanted) {
        OrdersFilter::Totals sums;
        for (const auto& b : bought_)
            if (wanted(b)) {
                ++sums.orders;
                sums.units += b.quantity;
                sums.revenueCents += b.quantity * b.unitCents;
            }
        const auto& filter = view.filter();
        [&] {
            QCOMPARE(filter.rowCount(), int(sums.orders));
            QSet<QString> shown;
            for (int row = 0; row < filter.rowCount(); ++row)
                shown.insert(filter.index(row, OrdersModel::OrderId).data().toString());
            for (const auto& b : bought_)
                QCOMPARE(shown.contains(b.id), wanted(b));
            const auto totals = filter.totals();
            QCOMPARE(totals.units, sums.units);
            QCOMPARE(totals.revenueCents, sums.revenueCents);
            const auto text = groupedNumber(sums.orders) + QStringLiteral(" order") +
                              QLatin1String(sums.orders == 1 ? "" : "s");
            auto* label = view.findChild<QLabel*>(QStringLiteral("totals"));
            QVERIFY(label);
            QTRY_VERIFY_WITH_TIMEOUT(label->text().startsWith(text + QStringLiteral(" · ")), 2000);
            QVERIFY(label->text().endsWith(groupedCents(sums.revenueCents)));
        }();
        return int(sums.orders);
    }

    QNetworkAccessManager network_;
    test::LiveShop shop_{network_};
    test::ManualClock clock_;
    ConsoleSession session_{shop_.client(), clock_};
    QString plain_;
    QString onSale_;
    qint64 saleId_ = 0;
    QDateTime boundary_;
    QList<Bought> bought_;
    const QString ann_ = QStringLiteral("ann@example.com");
    const QString bob_ = QStringLiteral("Bob@Example.com");
    const QString carol_ = QStringLiteral("carol,\"q\"@shop.test");
};

QTEST_MAIN(TestOrdersView)
#include "test_orders_view.moc"

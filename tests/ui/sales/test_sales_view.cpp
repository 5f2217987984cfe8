// The Sales screen against a real topcoatd (--demo, SKUs NP-001..NP-024; its demo sale holds
// NP-001, NP-014 and NP-024). Each test uses SKUs of its own so the sales never overlap by
// accident.

#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"
#include "ui/AdminClient.h"
#include "ui/ConsoleSession.h"
#include "ui/SaleDialog.h"
#include "ui/SaleTimeline.h"
#include "ui/SalesModel.h"
#include "ui/SalesView.h"
#include "ui/SystemClock.h"

#include <Poco/JSON/Array.h>
#include <QAction>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>
#include <map>
#include <memory>
#include <tuple>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

constexpr int answerMs = 15000;

std::string utcIn(qint64 seconds) {
    return QDateTime::currentDateTimeUtc().addSecs(seconds).toString(Qt::ISODate).toStdString();
}

std::string saleBody(const std::string& name, const std::string& sku, qint64 priceCents,
                     qint64 startIn, qint64 length) {
    return R"({"name":")" + name + R"(","starts_at":")" + utcIn(startIn) + R"(","ends_at":")" +
           utcIn(startIn + length) + R"(","per_customer_limit":2,"items":[{"sku":")" + sku +
           R"(","sale_price_cents":)" + std::to_string(priceCents) + "}]}";
}

// The form's send button: "Create sale", or "Save changes" when it edits.
QPushButton* sendButton(SaleDialog& dialog, const char* text = "Create sale") {
    for (auto* button : dialog.findChild<QDialogButtonBox*>()->buttons())
        if (button->text() == QLatin1String(text))
            return qobject_cast<QPushButton*>(button);
    return nullptr;
}

// The sale with this id in GET /admin/sales; null when it is not listed.
Poco::JSON::Object::Ptr saleById(test::HttpClient& http, qint64 id) {
    const auto sales = http.get("/admin/sales").json()->getArray("sales");
    for (unsigned i = 0; sales && i < sales->size(); ++i)
        if (sales->getObject(i)->getValue<qint64>("id") == id)
            return sales->getObject(i);
    return nullptr;
}

// Types a value into a spin box the way a person does: select what is there, then type.
void typeInto(QAbstractSpinBox* box, const QString& text) {
    box->setFocus();
    box->selectAll();
    QTest::keyClicks(box, text);
}

} // namespace

class TestSalesView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        server_ = std::make_unique<test::TopcoatdProcess>(dir_.path(),
                                                          QStringList{QStringLiteral("--demo")});
        const bool started = server_->start();
        QVERIFY2(started, qPrintable(server_->error()));
        client_ = std::make_unique<AdminClient>(network_);
        client_->setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_->adminPort())),
                           QString::fromStdString(server_->adminToken()));
        session_ = std::make_unique<ConsoleSession>(*client_, clock_);
        http_ = std::make_unique<test::HttpClient>("127.0.0.1", server_->adminPort());
        http_->setToken(server_->adminToken());
    }

    void createsASaleTypedIntoTheDialog() {
        SalesView view(*session_);
        view.resize(1100, 700);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        QSignalSpy created(&view, &SalesView::saleCreated);

        view.newSaleAction().trigger();
        QPointer<SaleDialog> closed = view.findChild<SaleDialog*>();
        SaleDialog* dialog = closed.data();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->hasProducts(), answerMs);

        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("saleName")),
                         QStringLiteral("Spring Gloss"));
        const auto start = QDateTime::currentDateTime().addDays(2);
        dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleStarts"))->setDateTime(start);
        dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleEnds"))
            ->setDateTime(start.addSecs(2 * 3600));
        typeInto(dialog->findChild<QSpinBox*>(QStringLiteral("saleLimit")), QStringLiteral("3"));
        auto* items = dialog->findChild<QTableWidget*>(QStringLiteral("saleItems"));
        QCOMPARE(items->rowCount(), 1);
        auto* sku = qobject_cast<QComboBox*>(items->cellWidget(0, 0));
        sku->setCurrentIndex(sku->findData(QStringLiteral("NP-005")));
        typeInto(qobject_cast<QDoubleSpinBox*>(items->cellWidget(0, 2)), QStringLiteral("3.50"));
        QCOMPARE(dialog->draft().items.at(0).salePriceCents, 350);

        QTest::mouseClick(sendButton(*dialog), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, answerMs);
        QTRY_VERIFY(!closed); // closed on success (and deleted)

        const auto answer = http_->get("/admin/sales");
        QCOMPARE(answer.status, 200);
        const auto sales = answer.json()->getArray("sales");
        Poco::JSON::Object::Ptr found;
        for (unsigned i = 0; i < sales->size(); ++i)
            if (sales->getObject(i)->getValue<std::string>("name") == "Spring Gloss")
                found = sales->getObject(i);
        QVERIFY(found);
        QCOMPARE(found->getValue<std::string>("state"), std::string("scheduled"));
        QCOMPARE(found->getValue<int>("per_customer_limit"), 3);
        const auto item = found->getArray("items")->getObject(0);
        QCOMPARE(item->getValue<std::string>("sku"), std::string("NP-005"));
        QCOMPARE(item->getValue<int>("sale_price_cents"), 350);
        // Minutes as typed, in UTC on the wire.
        QCOMPARE(found->getValue<std::string>("starts_at"),
                 QDateTime(start.date(), QTime(start.time().hour(), start.time().minute()))
                     .toUTC()
                     .toString(Qt::ISODate)
                     .toStdString());
        QTRY_VERIFY_WITH_TIMEOUT(view.model().rowCount() >= 2, answerMs);
    }

    void refusedFormShowsErrorsNextToTheFields() {
        SalesView view(*session_);
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        const auto before = view.model().sales().size();
        view.newSaleAction().trigger();
        auto* dialog = view.findChild<SaleDialog*>();
        QVERIFY(dialog);
        dialog->show();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->hasProducts(), answerMs);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("saleName")),
                         QStringLiteral("Clash Test"));
        auto* starts = dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleStarts"));
        auto* ends = dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleEnds"));
        const auto start = QDateTime::currentDateTime().addDays(3);
        starts->setDateTime(start);
        ends->setDateTime(start.addSecs(-3600));
        auto* items = dialog->findChild<QTableWidget*>(QStringLiteral("saleItems"));
        auto* sku = qobject_cast<QComboBox*>(items->cellWidget(0, 0));
        sku->setCurrentIndex(sku->findData(QStringLiteral("NP-007")));
        typeInto(qobject_cast<QDoubleSpinBox*>(items->cellWidget(0, 2)), QStringLiteral("2.00"));

        // Local: the end before the start, shown in the label right under the end field.
        QTest::mouseClick(sendButton(*dialog), Qt::LeftButton);
        QVERIFY(dialog->isVisible());
        QVERIFY(!dialog->isSending());
        QVERIFY(dialog->errorText(SaleDialog::Field::Ends).contains(QLatin1String("after")));
        const auto* endsError =
            dialog->findChild<QLabel*>(QStringLiteral("error%1").arg(int(SaleDialog::Field::Ends)));
        QCOMPARE(endsError->parentWidget(), ends->parentWidget());
        QVERIFY(dialog->errorText(SaleDialog::Field::Name).isEmpty());

        // Server: another sale takes NP-007 at that time behind the form's back.
        ends->setDateTime(start.addSecs(3600));
        QVERIFY(dialog->errorText(SaleDialog::Field::Ends).isEmpty()); // cleared on edit
        const auto rival =
            http_->post("/admin/sales", saleBody("Rival", "NP-007", 100, 3 * 86400 - 600, 7200));
        QCOMPARE(rival.status, 201);
        QTest::mouseClick(sendButton(*dialog), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorText(SaleDialog::Field::Items).isEmpty(), answerMs);
        QVERIFY2(dialog->errorText(SaleDialog::Field::Items).contains(QLatin1String("verlaps")),
                 qPrintable(dialog->errorText(SaleDialog::Field::Items)));
        QVERIFY(dialog->isVisible());

        // Nothing was created under the form's name.
        const auto answer = http_->get("/admin/sales");
        const auto sales = answer.json()->getArray("sales");
        for (unsigned i = 0; i < sales->size(); ++i)
            QVERIFY(sales->getObject(i)->getValue<std::string>("name") != "Clash Test");
        QTRY_COMPARE_WITH_TIMEOUT(view.model().sales().size(), before + 1, answerMs); // the rival
        dialog->reject();
    }

    void editsASaleTypedIntoTheDialog() {
        const auto made =
            http_->post("/admin/sales", saleBody("Autumn Shimmer", "NP-013", 900, 4 * 86400, 3600));
        QCOMPARE(made.status, 201);
        const auto id = made.json()->getValue<qint64>("id");
        SalesView view(*session_);
        view.resize(1100, 700);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.selectSale(id), answerMs);
        QVERIFY(view.editAction().isEnabled());
        QSignalSpy updated(&view, &SalesView::saleUpdated);
        QSignalSpy created(&view, &SalesView::saleCreated);

        view.editAction().trigger();
        QPointer<SaleDialog> closed = view.findChild<SaleDialog*>();
        SaleDialog* dialog = closed.data();
        QVERIFY(dialog);
        QCOMPARE(dialog->editedSaleId(), std::optional<qint64>(id));
        QTRY_VERIFY_WITH_TIMEOUT(dialog->hasProducts(), answerMs);
        // Pre-filled with the sale as it stands.
        auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("saleName"));
        QCOMPARE(name->text(), QStringLiteral("Autumn Shimmer"));
        auto* items = dialog->findChild<QTableWidget*>(QStringLiteral("saleItems"));
        QCOMPARE(items->rowCount(), 1);
        QCOMPARE(qobject_cast<QComboBox*>(items->cellWidget(0, 0))->currentData().toString(),
                 QStringLiteral("NP-013"));
        QCOMPARE(dialog->draft().items.at(0).salePriceCents, 900);
        QVERIFY(sendButton(*dialog, "Save changes"));
        QVERIFY(!sendButton(*dialog)); // no "Create sale" on an edit

        // Typed: a new name, limit and price, and a second item.
        name->setFocus();
        name->selectAll();
        QTest::keyClicks(name, QStringLiteral("Autumn Glow"));
        typeInto(dialog->findChild<QSpinBox*>(QStringLiteral("saleLimit")), QStringLiteral("4"));
        typeInto(qobject_cast<QDoubleSpinBox*>(items->cellWidget(0, 2)), QStringLiteral("8.75"));
        QPushButton* addItem = nullptr;
        for (auto* button : dialog->findChildren<QPushButton*>())
            if (button->text() == QLatin1String("Add item"))
                addItem = button;
        QVERIFY(addItem);
        QTest::mouseClick(addItem, Qt::LeftButton);
        QCOMPARE(items->rowCount(), 2);
        auto* sku = qobject_cast<QComboBox*>(items->cellWidget(1, 0));
        sku->setCurrentIndex(sku->findData(QStringLiteral("NP-015")));
        typeInto(qobject_cast<QDoubleSpinBox*>(items->cellWidget(1, 2)), QStringLiteral("9.25"));

        // An end before the start is refused next to the end, and nothing is sent.
        auto* starts = dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleStarts"));
        auto* ends = dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleEnds"));
        const auto start = QDateTime::currentDateTime().addDays(6);
        starts->setDateTime(start);
        ends->setDateTime(start.addSecs(-60));
        QTest::mouseClick(sendButton(*dialog, "Save changes"), Qt::LeftButton);
        QVERIFY(!dialog->isSending());
        QVERIFY(dialog->errorText(SaleDialog::Field::Ends).contains(QLatin1String("after")));
        QCOMPARE(saleById(*http_, id)->getValue<std::string>("name"),
                 std::string("Autumn Shimmer"));

        ends->setDateTime(start.addSecs(3 * 3600));
        QTest::mouseClick(sendButton(*dialog, "Save changes"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(updated.size(), 1, answerMs);
        QTRY_VERIFY(!closed); // closed on success (and deleted)
        QCOMPARE(created.size(), 0);

        // The server has the edit in place of the old sale, under the same id.
        const auto sale = saleById(*http_, id);
        QVERIFY(sale);
        QCOMPARE(sale->getValue<std::string>("name"), std::string("Autumn Glow"));
        QCOMPARE(sale->getValue<std::string>("state"), std::string("scheduled"));
        QCOMPARE(sale->getValue<int>("per_customer_limit"), 4);
        const auto minute = [](const QDateTime& at) {
            return QDateTime(at.date(), QTime(at.time().hour(), at.time().minute()))
                .toUTC()
                .toString(Qt::ISODate)
                .toStdString();
        };
        QCOMPARE(sale->getValue<std::string>("starts_at"), minute(start));
        QCOMPARE(sale->getValue<std::string>("ends_at"), minute(start.addSecs(3 * 3600)));
        const auto saved = sale->getArray("items");
        QCOMPARE(saved->size(), std::size_t(2));
        std::map<std::string, int> prices;
        for (unsigned i = 0; i < saved->size(); ++i)
            prices[saved->getObject(i)->getValue<std::string>("sku")] =
                saved->getObject(i)->getValue<int>("sale_price_cents");
        QCOMPARE(prices, (std::map<std::string, int>{{"NP-013", 875}, {"NP-015", 925}}));
        // And the screen follows.
        QTRY_COMPARE_WITH_TIMEOUT(view.model().sale(id)->name, QStringLiteral("Autumn Glow"),
                                  answerMs);
        QCOMPARE(view.model().sale(id)->items.size(), 2);
    }

    void editOnlyWhileScheduled() {
        const auto live =
            http_->post("/admin/sales", saleBody("Now On", "NP-017", 500, -600, 7200));
        QCOMPARE(live.status, 201);
        const auto later =
            http_->post("/admin/sales", saleBody("Not Yet", "NP-016", 500, 8 * 86400, 3600));
        QCOMPARE(later.status, 201);
        const auto liveId = live.json()->getValue<qint64>("id");
        const auto laterId = later.json()->getValue<qint64>("id");
        SalesView view(*session_);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.selectSale(liveId), answerMs);
        QVERIFY(!view.editAction().isEnabled());
        QVERIFY(view.duplicateAction().isEnabled());
        view.editAction().trigger(); // disabled: nothing opens
        QVERIFY(!view.findChild<SaleDialog*>());

        // Cancelled behind the open form's back: the server's refusal shows, the form stays.
        QVERIFY(view.selectSale(laterId));
        QVERIFY(view.editAction().isEnabled());
        view.editAction().trigger();
        auto* dialog = view.findChild<SaleDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->hasProducts(), answerMs);
        QCOMPARE(http_->del("/admin/sales/" + std::to_string(laterId)).status, 200);
        QTest::mouseClick(sendButton(*dialog, "Save changes"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->errorText(SaleDialog::Field::General).isEmpty(),
                                 answerMs);
        QVERIFY2(dialog->errorText(SaleDialog::Field::General).contains(QLatin1String("cancelled")),
                 qPrintable(dialog->errorText(SaleDialog::Field::General)));
        QVERIFY(dialog->isVisible());
        QCOMPARE(saleById(*http_, laterId)->getValue<std::string>("state"),
                 std::string("cancelled"));
        dialog->reject();
        QTRY_VERIFY_WITH_TIMEOUT(!view.editAction().isEnabled(), answerMs);
    }

    void cancelsASaleFromTheView() {
        const auto made =
            http_->post("/admin/sales", saleBody("Doomed", "NP-009", 100, 7200, 3600));
        QCOMPARE(made.status, 201);
        const auto id = made.json()->getValue<qint64>("id");
        SalesView view(*session_);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.selectSale(id), answerMs);
        QVERIFY(view.cancelSaleAction().isEnabled());
        QSignalSpy cancelled(&view, &SalesView::saleCancelled);

        view.cancelSaleAction().trigger();
        auto* box = view.findChild<QMessageBox*>(QStringLiteral("cancelConfirmation"));
        QVERIFY(box);
        QAbstractButton* confirm = nullptr;
        for (auto* button : box->buttons())
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                confirm = button;
        QVERIFY(confirm);
        QTest::mouseClick(confirm, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(cancelled.size(), 1, answerMs);

        const auto answer = http_->get("/admin/sales");
        const auto sales = answer.json()->getArray("sales");
        std::string state;
        for (unsigned i = 0; i < sales->size(); ++i)
            if (sales->getObject(i)->getValue<qint64>("id") == id)
                state = sales->getObject(i)->getValue<std::string>("state");
        QCOMPARE(state, std::string("cancelled"));
        QTRY_COMPARE_WITH_TIMEOUT(view.model().sale(id)->state, QStringLiteral("cancelled"),
                                  answerMs);
        QVERIFY(!view.cancelSaleAction().isEnabled());
    }

    void followsSalesCreatedBehindItsBack() {
        SalesView view(*session_);
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        const auto made =
            http_->post("/admin/sales", saleBody("Sneaky", "NP-011", 100, 5 * 86400, 3600));
        QCOMPARE(made.status, 201);
        const auto id = made.json()->getValue<qint64>("id");
        QTRY_VERIFY_WITH_TIMEOUT(view.model().sale(id).has_value(), answerMs);
        QCOMPARE(view.model().sale(id)->state, QStringLiteral("scheduled"));
        QTRY_VERIFY(std::any_of(view.timeline().sales().begin(), view.timeline().sales().end(),
                                [id](const Sale& sale) { return sale.id == id; }));
    }

    // Sales added after the first load land in their place by start time, newest first, not
    // at the bottom in order of arrival.
    void staysSortedByStartAfterAddingSales() {
        SalesView view(*session_);
        view.resize(1100, 700);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        const auto before = view.model().rowCount();
        // Starting far apart and out of order: a late one, an early one, one in between.
        for (const auto& [name, sku, startIn] :
             {std::tuple{"Order late", "NP-016", 30 * 86400},
              std::tuple{"Order early", "NP-017", 10 * 86400},
              std::tuple{"Order middle", "NP-018", 20 * 86400}}) {
            const auto made = http_->post("/admin/sales", saleBody(name, sku, 100, startIn, 3600));
            QCOMPARE(made.status, 201);
        }
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), before + 3, answerMs);

        // And one typed into the dialog, starting between the late and the middle one.
        QSignalSpy created(&view, &SalesView::saleCreated);
        view.newSaleAction().trigger();
        auto* dialog = view.findChild<SaleDialog*>();
        QVERIFY(dialog);
        QTRY_VERIFY_WITH_TIMEOUT(dialog->hasProducts(), answerMs);
        QTest::keyClicks(dialog->findChild<QLineEdit*>(QStringLiteral("saleName")),
                         QStringLiteral("Order typed"));
        const auto start = QDateTime::currentDateTime().addDays(25);
        dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleStarts"))->setDateTime(start);
        dialog->findChild<QDateTimeEdit*>(QStringLiteral("saleEnds"))
            ->setDateTime(start.addSecs(3600));
        auto* items = dialog->findChild<QTableWidget*>(QStringLiteral("saleItems"));
        auto* sku = qobject_cast<QComboBox*>(items->cellWidget(0, 0));
        sku->setCurrentIndex(sku->findData(QStringLiteral("NP-019")));
        typeInto(qobject_cast<QDoubleSpinBox*>(items->cellWidget(0, 2)), QStringLiteral("1.00"));
        QTest::mouseClick(sendButton(*dialog), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(created.size(), 1, answerMs);
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), before + 4, answerMs);

        const auto& table = view.table();
        const auto* shown = table.model();
        QCOMPARE(table.horizontalHeader()->sortIndicatorSection(), int(SalesModel::Starts));
        QDateTime previous;
        QStringList names;
        for (int row = 0; row < shown->rowCount(); ++row) {
            const auto starts =
                shown->index(row, SalesModel::Starts).data(SalesModel::SortRole).toDateTime();
            QVERIFY(starts.isValid());
            if (previous.isValid())
                QVERIFY2(
                    starts <= previous,
                    qPrintable(QStringLiteral("row %1 starts after row %2").arg(row).arg(row - 1)));
            previous = starts;
            names << shown->index(row, SalesModel::Name).data().toString();
        }
        const auto late = names.indexOf(QStringLiteral("Order late"));
        const auto typed = names.indexOf(QStringLiteral("Order typed"));
        const auto middle = names.indexOf(QStringLiteral("Order middle"));
        const auto early = names.indexOf(QStringLiteral("Order early"));
        QVERIFY2(late >= 0 && late < typed && typed < middle && middle < early,
                 qPrintable(names.join(QStringLiteral(", "))));
    }

    // A shop with no sales yet: the table starts empty, and the first sales still arrive sorted.
    void sortsTheFirstSalesOfAnEmptyShop() {
        QTemporaryDir dir;
        test::TopcoatdProcess server(dir.path());
        QVERIFY2(server.start(), qPrintable(server.error()));
        AdminClient client(network_);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.adminPort())),
                         QString::fromStdString(server.adminToken()));
        test::HttpClient http("127.0.0.1", server.adminPort());
        http.setToken(server.adminToken());
        ConsoleSession session(client, clock_);
        SalesView view(session);
        view.show();
        QTRY_VERIFY_WITH_TIMEOUT(view.model().loaded(), answerMs);
        QCOMPARE(view.model().rowCount(), 0);
        for (const std::string sku : {"E-1", "E-2", "E-3"}) {
            const auto body = "{\"sku\":\"" + sku +
                              "\",\"name\":\"Shade\",\"shade_hex\":\"#112233\","
                              "\"price_cents\":1000,\"stock\":5}";
            QCOMPARE(http.post("/admin/products", body).status, 201);
        }
        QCOMPARE(http.post("/admin/sales", saleBody("Second", "E-1", 500, 2 * 86400, 3600)).status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), 1, answerMs);
        QCOMPARE(http.post("/admin/sales", saleBody("First", "E-2", 500, 86400, 3600)).status, 201);
        QCOMPARE(http.post("/admin/sales", saleBody("Third", "E-3", 500, 3 * 86400, 3600)).status,
                 201);
        QTRY_COMPARE_WITH_TIMEOUT(view.model().rowCount(), 3, answerMs);
        QCOMPARE(shownNames(view), (QStringList{"Third", "Second", "First"}));
        QCOMPARE(server.terminate(), 0);
    }

private:
    static QStringList shownNames(SalesView& view) {
        QStringList names;
        const auto* shown = view.table().model();
        for (int row = 0; row < shown->rowCount(); ++row)
            names << shown->index(row, SalesModel::Name).data().toString();
        return names;
    }

    QTemporaryDir dir_;
    std::unique_ptr<test::TopcoatdProcess> server_;
    QNetworkAccessManager network_;
    std::unique_ptr<AdminClient> client_;
    SystemClock clock_;
    std::unique_ptr<ConsoleSession> session_;
    std::unique_ptr<test::HttpClient> http_;
};

QTEST_MAIN(TestSalesView)
#include "test_sales_view.moc"

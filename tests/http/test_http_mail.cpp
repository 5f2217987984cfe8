// Order e-mails (API.md, "Order e-mails") from a real topcoatd to a real SMTP server
// (Debian's aiosmtpd, tests/support/SmtpServer): the confirmation arrives with the order, its
// shade and the shop's name, and cancel and fulfil send theirs; a storefront killed before it
// could send, while the mail server was down, sends the message exactly once after its
// restart; a refused message is tried again; the owner edits a template and sends a test
// message; STARTTLS with a login and implicit TLS are used as configured and a certificate
// that does not check out sends nothing; without --smtp nothing is announced and the test
// message is refused.

#include "ApiChecks.h"
#include "ServerUnderTest.h"
#include "ShopRequests.h"
#include "tests/support/SmtpServer.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat::test;

namespace {

// Enough for a few retries (1 + 2 + 4 s) and a storefront's restart.
constexpr int mailTimeoutMs = 30000;
const std::string shopFrom = "orders@lacquer.example.com";

QStringList mailArguments(const SmtpServer& smtp) {
    return {QStringLiteral("--smtp"), smtp.url(), QStringLiteral("--mail-from"),
            QString::fromStdString(shopFrom)};
}

std::string buy(ServerUnderTest& server, const std::string& sku, const std::string& who,
                std::int64_t quantity = 1) {
    auto customer = server.storefront();
    const auto placed = customer.post("/api/checkout", checkoutBody(sku, quantity, who));
    return placed.status == 201 ? placed.json()->getValue<std::string>("order_id") : std::string();
}

// The order's only e-mail delivery in the outbox, or null.
Poco::JSON::Object::Ptr mailDelivery(ServerUnderTest& server, const std::string& orderId) {
    auto admin = server.admin();
    const auto listed = admin.get("/admin/outbox?limit=500");
    if (listed.status != 200)
        return nullptr;
    Poco::JSON::Object::Ptr found;
    const auto deliveries = listed.json()->getArray("deliveries");
    for (std::size_t i = 0; i < deliveries->size(); ++i) {
        const auto delivery = deliveries->getObject(i);
        if (delivery->getValue<std::string>("order_id") == orderId &&
            delivery->getValue<std::string>("target") == "email") {
            if (found)
                return nullptr; // more than one
            found = delivery;
        }
    }
    return found;
}

std::string mailStateOf(ServerUnderTest& server, const std::string& orderId) {
    const auto delivery = mailDelivery(server, orderId);
    return delivery ? delivery->getValue<std::string>("state") : std::string();
}

// The events in the outbox table of a stopped storefront's database; -1 when unreadable.
int outboxEvents(const QString& databasePath) {
    int count = -1;
    const auto name = QStringLiteral("outbox-check");
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        QSqlQuery query(db);
        if (db.open() && query.exec(QStringLiteral("SELECT COUNT(*) FROM outbox")) && query.next())
            count = query.value(0).toInt();
    }
    QSqlDatabase::removeDatabase(name);
    return count;
}

QString startFailure(ServerUnderTest& server) {
    return server.failure() + QLatin1Char('\n') + server.logTail();
}

} // namespace

// The storefront of the test, sending to the plain SMTP server init() started.
#define START_MAIL_SHOP()                                                                          \
    server_.emplace(mailArguments(*smtp_));                                                        \
    QVERIFY2(server_->start(), qPrintable(startFailure(*server_)));                                \
    auto& server = *server_

class MailTest : public QObject {
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> dir_;
    std::unique_ptr<SmtpServer> smtp_;
    std::optional<ServerUnderTest> server_;

private slots:
    // Each case starts from a mail server of its own with no message in it.
    void init() {
        dir_ = std::make_unique<QTemporaryDir>();
        smtp_ = std::make_unique<SmtpServer>(dir_->filePath(QStringLiteral("smtp")));
        QVERIFY2(smtp_->start(), qPrintable(smtp_->error()));
    }
    void cleanup() {
        server_.reset();
        smtp_.reset();
        dir_.reset();
    }

    void theConfirmationTellsOfTheOrder() {
        auto& smtp = *smtp_;
        START_MAIL_SHOP();
        auto admin = server.admin();
        EXPECT_API_RESPONSE(admin.put("/admin/shop", R"({"name":"Laque Rosé","currency":"EUR"})"),
                            200);
        const auto sku = createFreshProduct(admin, "MLC", 1250, 10, "#9b111e");

        const auto order = buy(server, sku, "ana@example.com", 2);
        QVERIFY(!order.empty());
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 1, mailTimeoutMs);
        const auto confirmation = smtp.messages().front();
        QCOMPARE(confirmation.parseError, QString());
        QCOMPARE(confirmation.recipients, QStringList{QStringLiteral("ana@example.com")});
        QCOMPARE(confirmation.mailFrom, QString::fromStdString(shopFrom));
        QCOMPARE(confirmation.subject,
                 QString::fromStdString("Your order " + order + " at Laque Rosé"));
        QVERIFY2(confirmation.from.contains(QStringLiteral("Laque Rosé")),
                 qPrintable(confirmation.from));
        QVERIFY(confirmation.messageId.startsWith(QString::fromStdString("<order-" + order)));
        QVERIFY(confirmation.contentType.startsWith(QStringLiteral("multipart/alternative")));
        for (const auto& part :
             {QString::fromStdString(order), QString::fromStdString("2 × Polish " + sku),
              QStringLiteral("#9b111e"), QStringLiteral("12.50 EUR each"),
              QStringLiteral("Total: 25.00 EUR")})
            QVERIFY2(confirmation.text.contains(part), qPrintable(part));
        for (const auto& part :
             {QString::fromStdString(order), QStringLiteral("background:#9b111e"),
              QStringLiteral("<strong>25.00 EUR</strong>")})
            QVERIFY2(confirmation.html.contains(part), qPrintable(part));
        QTRY_COMPARE(mailStateOf(server, order), "sent");

        // Cancel and fulfil send theirs; the refund after the fulfilment sends none.
        EXPECT_API_RESPONSE(
            admin.post("/admin/orders/" + order + "/status", R"({"status":"cancelled"})"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 2, mailTimeoutMs);
        QCOMPARE(smtp.messages()[1].subject,
                 QString::fromStdString("Your order " + order + " was cancelled"));
        const auto shipped = buy(server, sku, "bea@example.com");
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 3, mailTimeoutMs);
        EXPECT_API_RESPONSE(
            admin.post("/admin/orders/" + shipped + "/status", R"({"status":"fulfilled"})"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 4, mailTimeoutMs);
        QCOMPARE(smtp.messages()[3].subject,
                 QString::fromStdString("Your order " + shipped + " is on its way"));
        QCOMPARE(smtp.messages()[3].recipients, QStringList{QStringLiteral("bea@example.com")});
        QCOMPARE(server.stop(), 0);
    }

    void aStorefrontKilledBeforeSendingSendsOnceAfterItsRestart() {
        auto& smtp = *smtp_;
        START_MAIL_SHOP();
        auto admin = server.admin();
        const auto sku = createFreshProduct(admin, "MLK", 900, 5);

        smtp.kill();
        const auto order = buy(server, sku, "cai@example.com");
        QVERIFY(!order.empty());
        // Tried and failed while the mail server was down: committed, not sent.
        QTRY_VERIFY_WITH_TIMEOUT(mailDelivery(server, order) &&
                                     mailDelivery(server, order)->getValue<int>("attempts") >= 1,
                                 mailTimeoutMs);
        QCOMPARE(mailStateOf(server, order), "pending");
        QVERIFY(!mailDelivery(server, order)->getValue<std::string>("last_error").empty());

        server.process().kill();
        QVERIFY2(smtp.restart(), qPrintable(smtp.error()));
        QVERIFY2(server.start(), qPrintable(startFailure(server)));
        QTRY_COMPARE_WITH_TIMEOUT(mailStateOf(server, order), "sent", mailTimeoutMs);
        QCOMPARE(smtp.count(), 1);
        QVERIFY(smtp.messages().front().text.contains(QString::fromStdString(order)));
        QCOMPARE(server.stop(), 0);
    }

    void aRefusedMessageIsTriedAgain() {
        auto& smtp = *smtp_;
        QVERIFY(smtp.refuseNext(2));
        START_MAIL_SHOP();
        auto admin = server.admin();
        const auto sku = createFreshProduct(admin, "MLR", 900, 5);
        const auto order = buy(server, sku, "dee@example.com");
        QTRY_COMPARE_WITH_TIMEOUT(mailStateOf(server, order), "sent", mailTimeoutMs);
        QCOMPARE(smtp.refusedCount(), 2);
        QCOMPARE(smtp.count(), 1);
        QCOMPARE(mailDelivery(server, order)->getValue<int>("attempts"), 3);

        // An address mail cannot go to is given up at once, with the reason.
        const auto odd = buy(server, sku, "a<b@example.com");
        QVERIFY(!odd.empty());
        QTRY_COMPARE_WITH_TIMEOUT(mailStateOf(server, odd), "failed", mailTimeoutMs);
        QCOMPARE(mailDelivery(server, odd)->getValue<std::string>("last_error"),
                 "mail cannot be sent to this address");
        QCOMPARE(smtp.count(), 1);
        QCOMPARE(server.stop(), 0);
    }

    void theOwnerEditsATemplateAndSendsATest() {
        auto& smtp = *smtp_;
        START_MAIL_SHOP();
        auto admin = server.admin();

        const auto shown = admin.get("/admin/mail");
        EXPECT_API_RESPONSE(shown, 200);
        const auto mail = shown.json();
        QCOMPARE(mail->getValue<bool>("sending"), true);
        QCOMPARE(mail->getValue<std::string>("server"), smtp.url().toStdString());
        QCOMPARE(mail->getValue<std::string>("from"), shopFrom);
        QCOMPARE(mail->getObject("templates")->size(), std::size_t{4});
        QCOMPARE(mail->getObject("templates")->getObject("shipped")->getValue<bool>("edited"),
                 false);
        QCOMPARE(mail->getArray("placeholders")->size(), std::size_t{13});

        const std::string edited =
            "{\"subject\":\"On its way: {{order_id}}\",\"text\":\"Hi {{customer}}, "
            "{{product_name}} is coming.\",\"html\":\"<p>{{product_name}} is <b>coming</b></p>\"}";
        const auto changed = admin.put("/admin/mail/templates/shipped", edited);
        EXPECT_API_RESPONSE(changed, 200);
        const auto shippedNow = changed.json()->getObject("templates")->getObject("shipped");
        QCOMPARE(shippedNow->getValue<bool>("edited"), true);
        QCOMPARE(shippedNow->getValue<std::string>("subject"), "On its way: {{order_id}}");

        for (const std::string& bad : std::vector<std::string>{
                 R"({"subject":"{{colour}}","text":"a","html":"b"})",
                 "{\"subject\":\"a\",\"text\":\"{{order_id\",\"html\":\"b\"}", // unclosed
                 R"({"subject":"two\nlines","text":"a","html":"b"})",
                 R"({"subject":"","text":"a","html":"b"})", R"({"subject":"a","text":"a"})",
                 R"({"subject":"a","text":"bell\u0007","html":"b"})",
                 "{\"subject\":\"" + std::string(201, 's') + "\",\"text\":\"a\",\"html\":\"b\"}",
                 "not json"})
            EXPECT_API_ERROR(admin.put("/admin/mail/templates/shipped", bad), 400,
                             "invalid_request");
        EXPECT_API_ERROR(admin.put("/admin/mail/templates/parcel", edited), 404,
                         "unknown_template");
        EXPECT_API_ERROR(admin.del("/admin/mail/templates/parcel"), 404, "unknown_template");
        QCOMPARE(admin.get("/admin/mail")
                     .json()
                     ->getObject("templates")
                     ->getObject("shipped")
                     ->getValue<std::string>("subject"),
                 "On its way: {{order_id}}"); // the refused edits changed nothing

        const auto test =
            admin.post("/admin/mail/test", R"({"to":"owner@example.com","kind":"shipped"})");
        EXPECT_API_RESPONSE(test, 200);
        QCOMPARE(test.json()->getValue<bool>("sent"), true);
        QCOMPARE(smtp.count(), 1); // sent before the answer
        QCOMPARE(smtp.messages().front().subject, QStringLiteral("On its way: TEST-ORDER"));
        QCOMPARE(smtp.messages().front().recipients,
                 QStringList{QStringLiteral("owner@example.com")});
        QVERIFY(smtp.messages().front().html.contains(QStringLiteral("<b>coming</b>")));
        for (const char* bad : {R"({})", R"({"to":"nobody"})", R"({"to":"a<b@example.com"})",
                                R"({"to":"owner@example.com","kind":"parcel"})"})
            EXPECT_API_ERROR(admin.post("/admin/mail/test", bad), 400, "invalid_request");

        // Fulfilling an order now sends the edited message.
        const auto sku = createFreshProduct(admin, "MLT", 900, 5);
        const auto order = buy(server, sku, "eve@example.com");
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 2, mailTimeoutMs); // its confirmation
        EXPECT_API_RESPONSE(
            admin.post("/admin/orders/" + order + "/status", R"({"status":"fulfilled"})"), 200);
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 3, mailTimeoutMs);
        QCOMPARE(smtp.messages()[2].subject, QString::fromStdString("On its way: " + order));

        // Back to the default, which survives a restart as the edit would have.
        const auto reset = admin.del("/admin/mail/templates/shipped");
        EXPECT_API_RESPONSE(reset, 200);
        QCOMPARE(server.stop(), 0);
        QVERIFY2(server.start(), qPrintable(startFailure(server)));
        auto restarted = server.admin();
        const auto shipped =
            restarted.get("/admin/mail").json()->getObject("templates")->getObject("shipped");
        QCOMPARE(shipped->getValue<bool>("edited"), false);
        QCOMPARE(shipped->getValue<std::string>("subject"),
                 "Your order {{order_id}} is on its way");
        QCOMPARE(server.stop(), 0);
    }

    void startTlsWithALoginAndImplicitTls() {
        QTemporaryDir dir;
        SmtpServer startTls(dir.filePath(QStringLiteral("starttls")),
                            SmtpServer::Security::StartTls);
        startTls.requireAuth(QStringLiteral("shop"), QStringLiteral("pässword 1"));
        QVERIFY2(startTls.start(), qPrintable(startTls.error()));
        const auto loginFile = dir.filePath(QStringLiteral("login"));
        {
            QFile file(loginFile);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral("shop\npässword 1\n").toUtf8());
        }
        auto arguments = mailArguments(startTls);
        arguments << QStringLiteral("--smtp-login") << loginFile << QStringLiteral("--smtp-ca")
                  << startTls.certificatePath();
        ServerUnderTest server(arguments);
        QVERIFY2(server.start(), qPrintable(startFailure(server)));
        auto admin = server.admin();
        EXPECT_API_RESPONSE(admin.post("/admin/mail/test", R"({"to":"owner@example.com"})"), 200);
        QCOMPARE(startTls.count(), 1);
        QCOMPARE(startTls.messages().front().overTls, true);
        QCOMPARE(startTls.messages().front().login, QStringLiteral("shop"));
        QCOMPARE(server.stop(), 0);

        // Implicit TLS; then a certificate nobody vouches for (no --smtp-ca) sends nothing.
        SmtpServer implicitTls(dir.filePath(QStringLiteral("smtps")),
                               SmtpServer::Security::ImplicitTls);
        QVERIFY2(implicitTls.start(), qPrintable(implicitTls.error()));
        QVERIFY(implicitTls.url().startsWith(QStringLiteral("smtps://")));
        ServerUnderTest trusting(mailArguments(implicitTls)
                                 << QStringLiteral("--smtp-ca") << implicitTls.certificatePath());
        QVERIFY2(trusting.start(), qPrintable(startFailure(trusting)));
        EXPECT_API_RESPONSE(
            trusting.admin().post("/admin/mail/test", R"({"to":"owner@example.com"})"), 200);
        QCOMPARE(implicitTls.count(), 1);
        QCOMPARE(implicitTls.messages().front().overTls, true);
        QCOMPARE(trusting.stop(), 0);

        ServerUnderTest doubting(mailArguments(implicitTls));
        QVERIFY2(doubting.start(), qPrintable(startFailure(doubting)));
        EXPECT_API_ERROR(doubting.admin().post("/admin/mail/test", R"({"to":"owner@example.com"})"),
                         502, "mail_not_sent");
        QCOMPARE(implicitTls.count(), 1);
        QCOMPARE(doubting.stop(), 0);
    }

    void withoutAMailServerNothingIsSent() {
        ServerUnderTest server;
        QVERIFY2(server.start(), qPrintable(startFailure(server)));
        auto admin = server.admin();
        const auto shown = admin.get("/admin/mail").json();
        QCOMPARE(shown->getValue<bool>("sending"), false);
        QVERIFY(shown->isNull("server"));
        QVERIFY(shown->isNull("from"));
        EXPECT_API_ERROR(admin.post("/admin/mail/test", R"({"to":"owner@example.com"})"), 409,
                         "mail_not_configured");
        const auto sku = createFreshProduct(admin, "MLN", 900, 5);
        const auto order = buy(server, sku, "fay@example.com");
        QVERIFY(!order.empty());
        QCOMPARE(server.stop(), 0);
        // No webhook and no e-mail: no event was written at all.
        QCOMPARE(outboxEvents(server.databasePath()), 0);
    }
};

QTEST_GUILESS_MAIN(MailTest)
#include "test_http_mail.moc"

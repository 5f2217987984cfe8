// The pieces of an order e-mail (server/mail): templates and their placeholders, rendering
// with and without HTML escaping, the stored form of the owner's templates, which events send
// which message, money and addresses, the composed message, the --smtp URL and login file,
// and the mail flags on the command line.

#include "server/CommandLine.h"
#include "server/mail/HeaderText.h"
#include "server/mail/MailServer.h"
#include "server/mail/MailTemplates.h"
#include "server/mail/OrderMail.h"

#include <Poco/Base64Decoder.h>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::mail;
using namespace std::chrono_literals;

namespace {

Order anOrder() {
    Order order;
    order.orderId = "ord_abc123";
    order.sku = "NP-001";
    order.quantity = 2;
    order.unitPriceCents = 1250;
    order.totalCents = 2500;
    order.customer = "ana@example.com";
    order.createdAt = std::chrono::sys_days{std::chrono::year{2026} / 12 / 4} + 18h;
    return order;
}

CommandLine parse(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"--data-dir", "/srv/shop"});
    return parseCommandLine(arguments);
}

} // namespace

class TestOrderMail : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;

    std::string file(const QByteArray& bytes) {
        const auto path = scratch_.filePath(QStringLiteral("login"));
        QFile out(path);
        if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate) ||
            out.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path.toStdString();
    }

private slots:
    void templatesUseOnlyKnownPlaceholders() {
        QVERIFY(!templateProblem(""));
        QVERIFY(!templateProblem("Order {{order_id}} for {{customer}}: {{total}}"));
        QVERIFY(!templateProblem("braces { } and }} alone are text"));
        for (const auto name : placeholderNames())
            QVERIFY(!templateProblem("{{" + std::string(name) + "}}"));
        QCOMPARE(templateProblem("Hi {{colour}}"),
                 std::optional<std::string>("{{colour}} is not a placeholder"));
        QCOMPARE(templateProblem("{{}}"), std::optional<std::string>("{{}} is not a placeholder"));
        QCOMPARE(templateProblem("{{ order_id }}"),
                 std::optional<std::string>("{{ order_id }} is not a placeholder"));
        QCOMPARE(templateProblem("Order {{order_id"), std::optional<std::string>("an unclosed {{"));
        QCOMPARE(templateProblem("{{order_id}} {{"), std::optional<std::string>("an unclosed {{"));
        for (const auto kind : everyMailKind) {
            const auto byDefault = defaultTemplate(kind);
            QVERIFY(!templateProblem(byDefault.subject));
            QVERIFY(!templateProblem(byDefault.text));
            QVERIFY(!templateProblem(byDefault.html));
            QVERIFY(byDefault.subject.find("{{order_id}}") != std::string::npos);
        }
    }

    void renderingEscapesValuesOnlyForHtml() {
        const std::map<std::string, std::string> values{{"product_name", "Rosé <b>&\"'"},
                                                        {"order_id", "ord_1"}};
        QCOMPARE(render("{{product_name}} / {{order_id}}", values),
                 std::string("Rosé <b>&\"' / ord_1"));
        QCOMPARE(render("<p>{{product_name}}</p>", values, escapeHtml),
                 std::string("<p>Rosé &lt;b&gt;&amp;&quot;&#39;</p>"));
        QCOMPARE(render("no placeholders", values), std::string("no placeholders"));
        QCOMPARE(render("{{order_id}}{{order_id}}", values), std::string("ord_1ord_1"));
        QCOMPARE(escapeHtml("Ana\n1 Main St"), std::string("Ana<br>\n1 Main St"));
    }

    void theOwnersTemplatesAreStoredOverTheDefaults() {
        MailTemplates templates;
        QVERIFY(!templates.edited(MailKind::Shipped));
        QVERIFY(templates.of(MailKind::Shipped) == defaultTemplate(MailKind::Shipped));
        QCOMPARE(templates.toJson(), std::string("{}"));

        const MailTemplate edited{"Sent: {{order_id}}", "Hi {{customer}}\n", "<p>Hi</p>"};
        templates.set(MailKind::Shipped, edited);
        QVERIFY(templates.edited(MailKind::Shipped));
        const auto read = MailTemplates::fromJson(templates.toJson());
        QVERIFY(read);
        QVERIFY(read->of(MailKind::Shipped) == edited);
        QVERIFY(!read->edited(MailKind::Confirmation));
        QVERIFY(read->of(MailKind::Confirmation) == defaultTemplate(MailKind::Confirmation));

        templates.reset(MailKind::Shipped);
        QVERIFY(templates.of(MailKind::Shipped) == defaultTemplate(MailKind::Shipped));
        // Edited by hand into something that is not templates: the caller keeps the defaults.
        for (const char* bad : {"", "[]", "not json", R"({"shipped":1})",
                                R"({"parcel":{"subject":"a","text":"b","html":"c"}})",
                                R"({"shipped":{"subject":"{{colour}}","text":"b","html":"c"}})",
                                R"({"shipped":{"subject":"a","text":"b"}})"})
            QVERIFY2(!MailTemplates::fromJson(bad), bad);
    }

    void eventsSendTheirMessages() {
        QVERIFY(mailKindFor("order.created") == MailKind::Confirmation);
        QVERIFY(mailKindFor("order.paid") == MailKind::Paid);
        QVERIFY(mailKindFor("order.fulfilled") == MailKind::Shipped);
        QVERIFY(mailKindFor("order.cancelled") == MailKind::Cancelled);
        QVERIFY(!mailKindFor("order.expired"));
        QVERIFY(!mailKindFor("order.refunded"));
        QVERIFY(!mailKindFor("order.unknown"));
        for (const auto kind : everyMailKind)
            QVERIFY(mailKindNamed(nameOf(kind)) == kind);
        QVERIFY(!mailKindNamed("Shipped"));
    }

    void moneyHasTwoMinorDigits() {
        QCOMPARE(formatMoney(0, "USD"), std::string("0.00 USD"));
        QCOMPARE(formatMoney(5, "EUR"), std::string("0.05 EUR"));
        QCOMPARE(formatMoney(123456, "GBP"), std::string("1234.56 GBP"));
        QCOMPARE(formatMoney(-250, "USD"), std::string("-2.50 USD"));
    }

    void onlyDotAtomAddressesAreMailed() {
        for (const char* good : {"ana@example.com", "a.b+sale@shop.example.co", "o'neil@x.io",
                                 "x_y-z!#$%&*/=?^`{|}~@example.org"})
            QVERIFY2(isMailableAddress(good), good);
        for (const char* bad :
             {"ana@localhost", "a<b@example.com", "a>b@example.com", "a..b@example.com",
              ".ana@example.com", "ana.@example.com", "a\"b@example.com", "a,b@example.com",
              "a:b@example.com", "a@b@example.com", "ana example@example.com", "@example.com",
              "ana@", "ana@-x.com", "ana@x..com"})
            QVERIFY2(!isMailableAddress(bad), bad);
    }

    void theMessageTellsOfTheOrderAndItsShade() {
        ShopIdentity shop;
        shop.name = "Laque & Co";
        shop.currency = "EUR";
        const Product product{"NP-001", "Cherry <Lacquer>", "#9b111e", 1250, false};
        const auto mail = composeOrderMail(defaultTemplate(MailKind::Confirmation), anOrder(),
                                           product, shop, 42, "shop.example.com");
        QCOMPARE(mail.to, std::string("ana@example.com"));
        QCOMPARE(mail.subject, std::string("Your order ord_abc123 at Laque & Co"));
        QCOMPARE(mail.messageId, std::string("<order-ord_abc123-event-42@shop.example.com>"));
        for (const char* part : {"ord_abc123", "2 × Cherry <Lacquer> (#9b111e)", "12.50 EUR each",
                                 "Total: 25.00 EUR", "Laque & Co"})
            QVERIFY2(mail.text.find(part) != std::string::npos, part);
        for (const char* part : {"background:#9b111e", "<strong>Cherry &lt;Lacquer&gt;</strong>",
                                 "<strong>25.00 EUR</strong>", "Laque &amp; Co"})
            QVERIFY2(mail.html.find(part) != std::string::npos, part);

        // A product gone from the catalog: its SKU stands in for its name.
        const auto withoutProduct =
            composeOrderMail({"{{product_name}} {{shade_hex}}", "{{status}} {{ordered_at}}", "x"},
                             anOrder(), std::nullopt, shop, 1, "shop.example.com");
        QCOMPARE(withoutProduct.subject, std::string("NP-001 #000000"));
        QCOMPARE(withoutProduct.text, std::string("confirmed 2026-12-04T18:00:00Z"));

        // Where it goes, when the checkout said.
        const MailTemplate label{"{{shipping_address}}", "{{shipping_address}}",
                                 "{{shipping_address}}"};
        QCOMPARE(composeOrderMail(label, anOrder(), product, shop, 1, "x.com").text, std::string());
        auto shipped = anOrder();
        shipped.shipping =
            ShippingAddress{"Ana <A>", "1 Main St", "Flat 2", "Springfield", "12345", "US"};
        const auto labelled = composeOrderMail(label, shipped, product, shop, 1, "x.com");
        QCOMPARE(labelled.subject,
                 std::string("Ana <A>, 1 Main St, Flat 2, 12345 Springfield, US"));
        QCOMPARE(labelled.text, std::string("Ana <A>\n1 Main St\nFlat 2\n12345 Springfield\nUS"));
        QCOMPARE(labelled.html, std::string("Ana &lt;A&gt;<br>\n1 Main St<br>\nFlat 2<br>\n12345 "
                                            "Springfield<br>\nUS"));
        // A test message gets an id of its own each time.
        const auto test = composeOrderMail(defaultTemplate(MailKind::Paid), anOrder(), product,
                                           shop, 0, "shop.example.com");
        QVERIFY(test.messageId.starts_with("<test-"));
        QVERIFY(test.messageId != composeOrderMail(defaultTemplate(MailKind::Paid), anOrder(),
                                                   product, shop, 0, "shop.example.com")
                                      .messageId);
    }

    void headersCarryAnyTextInEncodedWords() {
        QCOMPARE(headerText("Your order ord_1"), std::string("Your order ord_1"));
        QCOMPARE(headerText("Rosé"), std::string("=?UTF-8?B?Um9zw6k=?="));
        // Long text: words of at most 75 characters, folded, none splitting a character.
        std::string long_;
        for (int i = 0; i < 40; ++i)
            long_ += "é№";
        const auto encoded = headerText(long_);
        std::string decoded;
        std::size_t words = 0;
        for (std::size_t at = 0; at < encoded.size();) {
            const auto end = encoded.find("\r\n ", at);
            const auto word = encoded.substr(at, end == std::string::npos ? end : end - at);
            QVERIFY(word.size() <= 75);
            QVERIFY(word.starts_with("=?UTF-8?B?") && word.ends_with("?="));
            std::istringstream in(word.substr(10, word.size() - 12));
            Poco::Base64Decoder decoder(in);
            const std::string bytes{std::istreambuf_iterator<char>(decoder), {}};
            QVERIFY(!bytes.empty() && (static_cast<unsigned char>(bytes.front()) & 0xC0) != 0x80);
            decoded += bytes;
            ++words;
            at = end == std::string::npos ? encoded.size() : end + 3;
        }
        QCOMPARE(decoded, long_);
        QVERIFY(words > 1);
        QVERIFY(!encoded.ends_with(" "));
    }

    void theMailServerUrlNamesHostPortAndTls() {
        MailServer server;
        QVERIFY(parseMailServerUrl("smtp://mail.example.com", server));
        QVERIFY(server.security == MailServer::Security::StartTlsWhenOffered);
        QCOMPARE(server.host, std::string("mail.example.com"));
        QCOMPARE(server.port, std::uint16_t{25});
        QVERIFY(parseMailServerUrl("smtps://10.0.0.7", server));
        QVERIFY(server.security == MailServer::Security::ImplicitTls);
        QCOMPARE(server.port, std::uint16_t{465});
        QVERIFY(parseMailServerUrl("smtp://127.0.0.1:2525/", server));
        QCOMPARE(server.port, std::uint16_t{2525});
        QCOMPARE(server.text(), std::string("smtp://127.0.0.1:2525"));
        for (const char* bad :
             {"", "smtp://", "http://mail.example.com", "smtp://:25", "smtp://mail:0",
              "smtp://mail:65536", "smtp://mail:x", "smtp://user:pw@mail", "smtp://mail/path",
              "smtp://mail:25?x=1", "smtp://ma il", "SMTP://mail"})
            QVERIFY2(!parseMailServerUrl(bad, server), bad);
    }

    void theLoginFileHoldsUserAndPassword() {
        MailServer server;
        QVERIFY(!readMailLogin(file("shop\r\n s3cret word \r\n"), server));
        QCOMPARE(server.user, std::optional<std::string>("shop"));
        QCOMPARE(server.password, std::optional<std::string>(" s3cret word ")); // as written
        for (const QByteArray& bad : {QByteArray(""), QByteArray("shop\n"), QByteArray("\npw\n")}) {
            MailServer fresh;
            QVERIFY(readMailLogin(file(bad), fresh));
            QVERIFY(!fresh.user);
        }
        MailServer missing;
        QCOMPARE(readMailLogin("/nonexistent/login", missing),
                 std::optional<std::string>("--smtp-login: cannot read /nonexistent/login"));
    }

    void theCommandLineNeedsAServerAndASender() {
        QVERIFY(!parse({}).options.mail);
        const auto command =
            parse({"--smtp", "smtp://127.0.0.1:2525", "--mail-from", "shop@example.com"});
        QCOMPARE(command.error, std::string());
        QVERIFY(command.options.mail);
        QCOMPARE(command.options.mail->from, std::string("shop@example.com"));
        QCOMPARE(command.options.mail->port, std::uint16_t{2525});
        QCOMPARE(parse({"--smtp", "smtp://127.0.0.1"}).error,
                 std::string("--smtp needs --mail-from: the address order e-mails are sent from"));
        QCOMPARE(parse({"--mail-from", "shop@example.com"}).error,
                 std::string("--mail-from, --smtp-login and --smtp-ca need --smtp"));
        QCOMPARE(parse({"--smtp", "imap://x", "--mail-from", "shop@example.com"}).error,
                 std::string("--smtp must be smtp://HOST[:PORT] or smtps://HOST[:PORT]"));
        QCOMPARE(parse({"--smtp", "smtp://x", "--mail-from", "shop"}).error,
                 std::string("--mail-from must be an e-mail address"));
        const auto withLogin =
            parse({"--smtp", "smtps://mail.example.com", "--mail-from", "shop@example.com",
                   "--smtp-login", file("shop\npw\n"), "--smtp-ca", "/etc/ssl/private-ca.pem"});
        QCOMPARE(withLogin.error, std::string());
        QCOMPARE(withLogin.options.mail->user, std::optional<std::string>("shop"));
        QCOMPARE(withLogin.options.mail->caFile,
                 std::optional<std::string>("/etc/ssl/private-ca.pem"));
        QVERIFY(usageText().find("--smtp URL") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestOrderMail)
#include "test_order_mail.moc"

// The Server screen shows what the storefront reports about itself, and offers the controls
// that fit what is managed: stop/start for the embedded storefront, switching for a remote one.

#include "ui/AttachDialog.h"
#include "ui/GuideDialog.h"
#include "ui/ServerView.h"

#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QtTest>

using topcoat::ui::ServerStatus;
using topcoat::ui::ServerView;
using Scope = topcoat::ui::ShopReach::Scope;

class TestServerView : public QObject {
    Q_OBJECT

private:
    static bool buttonShown(const ServerView& view, const QString& text) {
        for (const auto* button : view.findChildren<QPushButton*>())
            if (button->text() == text)
                return !button->isHidden();
        return false;
    }

private slots:
    void showsTheReportedStatus() {
        ServerView view;
        ServerStatus status;
        status.version = QStringLiteral("0.1.0");
        status.ready = true;
        status.uptimeSeconds = 90061; // 1 day, 01:01:01
        status.databasePath = QStringLiteral("/var/lib/topcoat/topcoat.db");
        status.databaseBytes = 2 * 1024 * 1024;
        status.durability = QStringLiteral("power");
        status.products = 24;
        status.saleState = QStringLiteral("live");
        topcoat::ui::Sale live;
        live.name = QStringLiteral("Holo Hour");
        status.liveSale = live;
        view.showStatus(status);

        QCOMPARE(view.field("version"), QStringLiteral("0.1.0"));
        QCOMPARE(view.field("state"), QStringLiteral("serving"));
        QVERIFY(view.field("uptime").contains(QStringLiteral("01:01:01")));
        QVERIFY(view.field("uptime").startsWith(QStringLiteral("1")));
        QCOMPARE(view.field("database"), QStringLiteral("/var/lib/topcoat/topcoat.db"));
        QVERIFY(view.field("size").contains(QStringLiteral("2")));
        QVERIFY(view.field("durability").contains(QStringLiteral("power")));
        QCOMPARE(view.field("products"), QStringLiteral("24"));
        QVERIFY(view.field("sale").contains(QStringLiteral("Holo Hour")));

        view.showStatus(std::nullopt);
        QCOMPARE(view.field("state"), QStringLiteral("not answering"));
        using topcoat::ui::ApiError;
        view.showStatus(std::nullopt, ApiError{0, QStringLiteral("untrusted_certificate"), {}});
        QVERIFY(view.field("state").contains(QStringLiteral("certificate is not trusted")));
        view.showStatus(std::nullopt, ApiError{401, QStringLiteral("unauthorized"), {}});
        QCOMPARE(view.field("state"), QStringLiteral("refusing the admin token"));
    }

    void controlsFollowWhatIsManaged() {
        ServerView view;
        view.setEmbedded(true, true);
        QVERIFY(buttonShown(view, QStringLiteral("Stop storefront")));
        QVERIFY(!buttonShown(view, QStringLiteral("Start storefront")));
        QVERIFY(!buttonShown(view, QStringLiteral("Use the embedded storefront")));

        view.setEmbedded(true, false);
        QVERIFY(!buttonShown(view, QStringLiteral("Stop storefront")));
        QVERIFY(buttonShown(view, QStringLiteral("Start storefront")));

        view.setEmbedded(false, false);
        QVERIFY(!buttonShown(view, QStringLiteral("Stop storefront")));
        QVERIFY(buttonShown(view, QStringLiteral("Use the embedded storefront")));
        QVERIFY(view.field("mode").contains(QStringLiteral("Remote")));
    }

    void startAndSwitchAreRequested() {
        ServerView view;
        view.setEmbedded(true, false);
        QSignalSpy started(&view, &ServerView::startRequested);
        for (auto* button : view.findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Start storefront"))
                QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(started.count(), 1);

        view.setEmbedded(false, false);
        QSignalSpy embedded(&view, &ServerView::embeddedRequested);
        for (auto* button : view.findChildren<QPushButton*>())
            if (button->text() == QStringLiteral("Use the embedded storefront"))
                QTest::mouseClick(button, Qt::LeftButton);
        QCOMPARE(embedded.count(), 1);
    }

    void customersAreToldWhereTheShopCanBeReached() {
        ServerView view;
        QVERIFY(!view.reach()); // nothing is claimed before the server has answered
        ServerStatus status;
        status.bind = QStringLiteral("127.0.0.1");
        status.storefrontPort = 8080;
        view.showStatus(status);
        QCOMPARE(view.reach()->scope, Scope::ThisComputer);
        QVERIFY(view.field("customers").contains(QStringLiteral("cannot reach")));
        QVERIFY(view.field("customers").contains(QStringLiteral("href=\"guide\"")));

        view.setServerHost(QStringLiteral("shop.example"));
        status.bind = QStringLiteral("0.0.0.0");
        view.showStatus(status);
        QCOMPARE(view.reach()->scope, Scope::ThisNetwork);
        QVERIFY(
            view.field("customers").contains(QStringLiteral("href=\"http://shop.example:8080\"")));

        view.setPublicUrl(QUrl(QStringLiteral("https://polish.example")));
        QCOMPARE(view.reach()->scope, Scope::Entered);
        QVERIFY(view.field("customers").contains(QStringLiteral("https://polish.example")));
        // A failed poll does not take the last known reach away.
        view.showStatus(std::nullopt);
        QCOMPARE(view.reach()->scope, Scope::Entered);
    }

    void theGuideLinkOpensThePutYourShopOnlineGuide() {
        ServerView view;
        ServerStatus status;
        status.bind = QStringLiteral("127.0.0.1");
        view.showStatus(status);
        QLabel* customers = nullptr;
        for (auto* label : view.findChildren<QLabel*>())
            if (label->accessibleName() == QStringLiteral("Customers"))
                customers = label;
        QVERIFY(customers);
        emit customers->linkActivated(QStringLiteral("guide"));
        const auto guides = view.findChildren<topcoat::ui::GuideDialog*>();
        QCOMPARE(guides.size(), 1);
        QVERIFY(guides.first()->markdown().startsWith(QStringLiteral("## Put your shop online")));
        QVERIFY(guides.first()->markdown().contains(QStringLiteral("nginx")));
        QVERIFY(!guides.first()->markdown().contains(QStringLiteral("## Flash-sale protection")));
    }

    void readmeSectionsEndAtTheNextHeading() {
        const auto markdown = QStringLiteral("# T\n\n## A\none\n### A.1\ntwo\n## B\nthree\n");
        QCOMPARE(topcoat::ui::readmeSection(markdown, QStringLiteral("A")),
                 QStringLiteral("## A\none\n### A.1\ntwo"));
        QCOMPARE(topcoat::ui::readmeSection(markdown, QStringLiteral("B")),
                 QStringLiteral("## B\nthree"));
        QVERIFY(topcoat::ui::readmeSection(markdown, QStringLiteral("C")).isEmpty());
    }

    void theAttachDialogTakesHttpsAndAClientCertificate() {
        topcoat::ui::AttachDialog dialog;
        QLineEdit* fields[4] = {};
        const QString names[] = {QStringLiteral("Admin URL"), QStringLiteral("Admin token"),
                                 QStringLiteral("Client certificate"),
                                 QStringLiteral("Client key")};
        for (auto* edit : dialog.findChildren<QLineEdit*>())
            for (int i = 0; i < 4; ++i)
                if (edit->accessibleName() == names[i])
                    fields[i] = edit;
        for (auto* field : fields)
            QVERIFY(field);
        const auto enter = [&](const char* url, const char* token, const char* cert,
                               const char* key) {
            fields[0]->setText(QString::fromLatin1(url));
            fields[1]->setText(QString::fromLatin1(token));
            fields[2]->setText(QString::fromLatin1(cert));
            fields[3]->setText(QString::fromLatin1(key));
            return dialog.problem();
        };
        QVERIFY(enter("https://shop.example:8443", "t", "", "").isEmpty());
        QVERIFY(enter("http://127.0.0.1:8081", "t", "", "").isEmpty()); // an SSH tunnel
        QVERIFY(!enter("ftp://shop.example", "t", "", "").isEmpty());
        QVERIFY(!enter("https://", "t", "", "").isEmpty());
        QVERIFY(!enter("https://shop.example:8443", "", "", "").isEmpty());
        QVERIFY(!enter("https://shop.example:8443", "t", "/c.pem", "").isEmpty());
        QVERIFY(enter(" https://shop.example:8443 ", " t ", "/c.pem", "/c.key").isEmpty());
        const auto request = dialog.request();
        QCOMPARE(request.adminUrl, QUrl(QStringLiteral("https://shop.example:8443")));
        QCOMPARE(request.token, QStringLiteral("t"));
        QCOMPARE(request.clientKeyPath, QStringLiteral("/c.key"));
    }
};

QTEST_MAIN(TestServerView)
#include "test_server_view.moc"

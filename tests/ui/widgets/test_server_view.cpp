// The Server screen shows what the storefront reports about itself, and offers the controls
// that fit what is managed: stop/start for the embedded storefront, switching for a remote one.

#include "ui/ServerView.h"

#include <QPushButton>
#include <QtTest>

using topcoat::ui::ServerStatus;
using topcoat::ui::ServerView;

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
};

QTEST_MAIN(TestServerView)
#include "test_server_view.moc"

// The console's window holds every main screen under the name the command line and the
// screenshot script use, and quitting asks first only when it would stop a live sale.

#include "ui/MainWindow.h"

#include <QNetworkAccessManager>
#include <QTabWidget>
#include <QtTest>

using namespace topcoat::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void everyScreenIsReachableByName() {
        QNetworkAccessManager network;
        AdminClient client(network); // no server: every call fails, the window must cope
        MainWindow window(client, QStringLiteral("test"), true);
        const QStringList screens{"dashboard",   "sales",      "catalog", "orders",
                                  "degradation", "protection", "logs",    "server"};
        for (const auto& screen : screens) {
            QVERIFY2(window.showScreen(screen), qPrintable(screen));
            QCOMPARE(window.findChild<QTabWidget*>()->currentWidget()->objectName(), screen);
        }
        QVERIFY(!window.showScreen(QStringLiteral("nonsense")));
        QVERIFY(!window.lastStatus()); // nothing answered
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

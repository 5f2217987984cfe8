// The console's window holds every main screen under the name the command line and the
// screenshot script use, a menu bar with the usual shortcuts and the built-in guides, and
// file dialogs that start in Documents and then where the last file was chosen.

#include "tests/ui/LiveShop.h"
#include "tests/ui/ScreenFit.h"
#include "ui/DashboardView.h"
#include "ui/FileDialogs.h"
#include "ui/GuideDialog.h"
#include "ui/MainWindow.h"
#include "ui/SystemClock.h"

#include <QAction>
#include <QLabel>
#include <QLayout>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

// The smallest size a layout may give `widget` (as Qt's layouts work it out): its minimum
// size where set, else its minimum size hint, or its size hint when it may not shrink; a
// wrapping label also needs the height its text takes at the width it got.
QSize smallestAllowed(const QWidget& widget) {
    const auto policy = widget.sizePolicy();
    const auto along = [](QSizePolicy::Policy p, int minimumHint, int hint) {
        if (p == QSizePolicy::Ignored)
            return 0;
        return (p & QSizePolicy::ShrinkFlag) ? minimumHint : hint;
    };
    QSize smallest(along(policy.horizontalPolicy(), widget.minimumSizeHint().width(),
                         widget.sizeHint().width()),
                   along(policy.verticalPolicy(), widget.minimumSizeHint().height(),
                         widget.sizeHint().height()));
    if (widget.minimumWidth() > 0)
        smallest.setWidth(widget.minimumWidth());
    if (widget.minimumHeight() > 0)
        smallest.setHeight(widget.minimumHeight());
    if (widget.hasHeightForWidth())
        smallest.setHeight(std::max(smallest.height(), widget.heightForWidth(widget.width())));
    return smallest;
}

// Every widget laid out under `layout`, however deep, that was squeezed below smallestAllowed.
void findSqueezed(const QLayout& layout, QStringList& squeezed) {
    for (int i = 0; i < layout.count(); ++i) {
        auto* item = layout.itemAt(i);
        if (auto* inner = item->layout())
            findSqueezed(*inner, squeezed);
        auto* widget = item->widget();
        if (!widget || !widget->isVisible())
            continue;
        const auto smallest = smallestAllowed(*widget);
        if (widget->width() < smallest.width() || widget->height() < smallest.height())
            squeezed << QStringLiteral("%1 %2x%3 < %4x%5")
                            .arg(QLatin1String(widget->metaObject()->className()))
                            .arg(widget->width())
                            .arg(widget->height())
                            .arg(smallest.width())
                            .arg(smallest.height());
        if (widget->layout())
            findSqueezed(*widget->layout(), squeezed);
    }
}

} // namespace

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void everyScreenIsReachableByName() {
        QNetworkAccessManager network;
        AdminClient client(network); // no server: every call fails, the window must cope
        SystemClock clock;
        ConsoleSession session(client, clock);
        MainWindow window(session, QStringLiteral("test"), true);
        const QStringList screens{"dashboard",   "sales",      "catalog", "orders", "outbox",
                                  "degradation", "protection", "logs",    "server", "shop"};
        for (const auto& screen : screens) {
            QVERIFY2(window.showScreen(screen), qPrintable(screen));
            QCOMPARE(window.findChild<QTabWidget*>()->currentWidget()->objectName(), screen);
        }
        QVERIFY(!window.showScreen(QStringLiteral("nonsense")));
        QVERIFY(!window.lastStatus()); // nothing answered
    }

    void theDashboardFitsA1024By680Window() {
        // A shop in full swing, so the header and legends carry their longest text: two live
        // sales with their units and revenue, and the counts beside the time of the reading.
        QNetworkAccessManager network;
        test::LiveShop shop(network);
        QVERIFY2(shop.start(), qPrintable(shop.error()));
        const auto polish = shop.addProduct("FIT", 1500, 5000);
        const auto topcoat = shop.addProduct("FIT", 2000, 5000);
        QVERIFY(!polish.isEmpty() && !topcoat.isEmpty());
        const auto first = shop.createSale(polish, 1000, 0, 600);
        const auto second = shop.createSale(topcoat, 1250, 0, 1200);
        QVERIFY(first && first->ok() && second && second->ok());
        for (int i = 0; i < 12; ++i)
            QVERIFY(!shop.checkout(i % 2 ? polish : topcoat, 2,
                                   QStringLiteral("buyer%1@example.com").arg(i))
                         .isEmpty());
        SystemClock clock;
        ConsoleSession session(shop.client(), clock);
        MainWindow window(session, QStringLiteral("test"), false);
        QVERIFY(window.showScreen(QStringLiteral("dashboard")));
        window.resize(1024, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* dashboard = window.findChild<DashboardView*>();
        QVERIFY(dashboard);
        auto* connection = dashboard->findChild<QLabel*>(QStringLiteral("dashboardConnection"));
        QVERIFY(connection);
        QTRY_VERIFY_WITH_TIMEOUT(dashboard->headerText().count(QLatin1Char('\n')) == 1 &&
                                     connection->text().contains(QStringLiteral("12 orders")),
                                 20000);
        // A layout that needs more than this would have grown the window past it.
        QCOMPARE(window.size(), QSize(1024, 680));
        const auto misfit = test::misfit(*dashboard, QStringLiteral("dashboard"));
        QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
        QStringList squeezed;
        QTRY_VERIFY2(
            (squeezed.clear(), findSqueezed(*dashboard->layout(), squeezed), squeezed.isEmpty()),
            qPrintable(squeezed.join(QStringLiteral("; "))));

        const auto png = qEnvironmentVariable("TOPCOAT_MAIN_WINDOW_PNG");
        if (!png.isEmpty())
            QVERIFY(window.grab().save(png));
    }

    void theMenusHaveTheUsualShortcuts() {
        QNetworkAccessManager network;
        AdminClient client(network);
        SystemClock clock;
        ConsoleSession session(client, clock);
        MainWindow window(session, QStringLiteral("test"), false);
        QMap<QString, QAction*> actions;
        for (auto* menu : window.menuBar()->findChildren<QMenu*>())
            for (auto* action : menu->actions())
                actions.insert(action->text().remove(QLatin1Char('&')), action);
        QCOMPARE(actions.value(QStringLiteral("Quit"))->shortcut(),
                 QKeySequence(QKeySequence::Quit));
        QCOMPARE(actions.value(QStringLiteral("Import catalog…"))->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+I")));
        QCOMPARE(actions.value(QStringLiteral("Export orders…"))->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+E")));
        QVERIFY(actions.contains(QStringLiteral("About Topcoat")));

        auto* tabs = window.findChild<QTabWidget*>();
        actions.value(QStringLiteral("Orders"))->trigger();
        QCOMPARE(tabs->currentWidget()->objectName(), QStringLiteral("orders"));
        QCOMPARE(actions.value(QStringLiteral("Outbox"))->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+5")));
        QCOMPARE(actions.value(QStringLiteral("Server"))->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+9")));
        QVERIFY(actions.value(QStringLiteral("Shop"))->shortcut().isEmpty()); // the tenth

        for (const auto* name : {"Your first sale", "Put your shop online"}) {
            actions.value(QString::fromUtf8(name))->trigger();
            const auto guides = window.findChildren<GuideDialog*>();
            QVERIFY(!guides.isEmpty());
            QVERIFY2(guides.last()->markdown().startsWith(QStringLiteral("## ") + name),
                     qPrintable(guides.last()->markdown().left(80)));
        }
        QCOMPARE(actions.value(QStringLiteral("Your first sale"))->shortcut(),
                 QKeySequence(QKeySequence::HelpContents));
    }

    void fileDialogsStartInDocumentsThenWhereTheLastFileWas() {
        QTemporaryDir home;
        QStandardPaths::setTestModeEnabled(true); // settings and Documents of the test's own
        QSettings().remove(QStringLiteral("files"));
        const auto documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
        QDir().mkpath(documents);
        QCOMPARE(fileDialogFolder(), documents);
        rememberFileDialogFolder(home.filePath(QStringLiteral("orders.csv")));
        QCOMPARE(fileDialogFolder(), home.path());
        rememberFileDialogFolder({}); // a cancelled dialog changes nothing
        QCOMPARE(fileDialogFolder(), home.path());
        QSettings().remove(QStringLiteral("files"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

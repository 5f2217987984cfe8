// The console's window holds every main screen under the name the command line and the
// screenshot script use, a menu bar with the usual shortcuts and the built-in guides, and
// file dialogs that start in Documents and then where the last file was chosen.

#include "ui/FileDialogs.h"
#include "ui/GuideDialog.h"
#include "ui/MainWindow.h"

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QNetworkAccessManager>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat::ui;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void everyScreenIsReachableByName() {
        QNetworkAccessManager network;
        AdminClient client(network); // no server: every call fails, the window must cope
        MainWindow window(client, QStringLiteral("test"), true);
        const QStringList screens{"dashboard",  "sales", "catalog", "orders", "degradation",
                                  "protection", "logs",  "server",  "shop"};
        for (const auto& screen : screens) {
            QVERIFY2(window.showScreen(screen), qPrintable(screen));
            QCOMPARE(window.findChild<QTabWidget*>()->currentWidget()->objectName(), screen);
        }
        QVERIFY(!window.showScreen(QStringLiteral("nonsense")));
        QVERIFY(!window.lastStatus()); // nothing answered
    }

    void theMenusHaveTheUsualShortcuts() {
        QNetworkAccessManager network;
        AdminClient client(network);
        MainWindow window(client, QStringLiteral("test"), false);
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
        QCOMPARE(actions.value(QStringLiteral("Server"))->shortcut(),
                 QKeySequence(QStringLiteral("Ctrl+8")));

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

// The sale dialog's start-time presets: a click sets Starts to a whole minute at the preset and
// keeps the sale's length, so Ends moves along.

#include "ui/AdminClient.h"
#include "ui/SaleDialog.h"

#include <QDateTimeEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QtTest>

using namespace topcoat::ui;

class TestSaleDialog : public QObject {
    Q_OBJECT

private slots:
    void presetsMoveTheStartAndKeepTheLength() {
        QNetworkAccessManager network;
        AdminClient client(network); // no server: the presets need none
        SaleDialog dialog(client, {});
        auto* starts = dialog.findChild<QDateTimeEdit*>(QStringLiteral("saleStarts"));
        auto* ends = dialog.findChild<QDateTimeEdit*>(QStringLiteral("saleEnds"));
        QVERIFY(starts && ends);
        ends->setDateTime(starts->dateTime().addSecs(90 * 60)); // a 90-minute sale

        const auto before = QDateTime::currentDateTime();
        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("startsIn10Minutes")),
                          Qt::LeftButton);
        const auto after = QDateTime::currentDateTime();
        const auto start = starts->dateTime();
        QCOMPARE(start.time().second(), 0);
        QVERIFY2(start >= before.addSecs(9 * 60 + 1) && start <= after.addSecs(11 * 60),
                 qPrintable(start.toString(Qt::ISODate)));
        QCOMPARE(start.secsTo(ends->dateTime()), qint64(90 * 60));

        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("startsTomorrowEvening")),
                          Qt::LeftButton);
        QCOMPARE(starts->dateTime(), QDateTime(QDate::currentDate().addDays(1), QTime(18, 0)));
        QCOMPARE(starts->dateTime().secsTo(ends->dateTime()), qint64(90 * 60));

        QTest::mouseClick(dialog.findChild<QPushButton*>(QStringLiteral("startsIn1Hour")),
                          Qt::LeftButton);
        QVERIFY(starts->dateTime() > QDateTime::currentDateTime().addSecs(59 * 60));
        QVERIFY(starts->dateTime() <= QDateTime::currentDateTime().addSecs(61 * 60));
    }
};

QTEST_MAIN(TestSaleDialog)
#include "test_sale_dialog.moc"

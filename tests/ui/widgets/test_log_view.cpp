// The Logs screen against a real topcoatd: new lines arrive by themselves, filters by level
// and logger hide the rest, and a page seen twice does not repeat lines.

#include "tests/ui/LiveShop.h"
#include "ui/LogView.h"
#include "ui/SystemClock.h"

#include <QtTest>

using namespace topcoat;

class TestLogView : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    std::unique_ptr<test::LiveShop> shop_;
    ui::SystemClock clock_;
    std::unique_ptr<ui::ConsoleSession> session_;

    static int rowsContaining(const QAbstractItemModel& model, const QString& text) {
        int found = 0;
        for (int row = 0; row < model.rowCount(); ++row)
            if (model.index(row, ui::LogModel::Message).data().toString().contains(text))
                ++found;
        return found;
    }

private slots:
    void initTestCase() {
        shop_ = std::make_unique<test::LiveShop>(network_);
        QVERIFY2(shop_->start(), qPrintable(shop_->error()));
        session_ = std::make_unique<ui::ConsoleSession>(shop_->client(), clock_);
    }

    void newLinesArriveAndFiltersApply() {
        ui::LogView view(*session_);
        const auto sku = shop_->addProduct("LOG", 1000, 5); // logs "product … added"
        QVERIFY(!sku.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(rowsContaining(view.model(), sku), 1, 10000);
        QCOMPARE(rowsContaining(view.filter(), sku), 1); // info is shown by default

        const_cast<ui::LogFilter&>(view.filter()).setMinimumLevel(QStringLiteral("warning"));
        QCOMPARE(rowsContaining(view.filter(), sku), 0);
        const_cast<ui::LogFilter&>(view.filter()).setMinimumLevel(QStringLiteral("info"));
        const_cast<ui::LogFilter&>(view.filter()).setLogger(QStringLiteral("http"));
        QCOMPARE(rowsContaining(view.filter(), sku), 0); // it came from the admin logger
        const_cast<ui::LogFilter&>(view.filter()).setLogger(QStringLiteral("admin"));
        QCOMPARE(rowsContaining(view.filter(), sku), 1);
    }

    void repeatedPagesDoNotDuplicate() {
        ui::LogModel model;
        ui::LogEntry first{1, QDateTime::currentDateTimeUtc(), "info", "app", "one"};
        ui::LogEntry second{2, QDateTime::currentDateTimeUtc(), "error", "db", "two"};
        model.append({first, second});
        model.append({first, second});
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.lastId(), 2);
        QVERIFY(model.index(1, ui::LogModel::Level).data(Qt::ForegroundRole).isValid());
    }

    void modelIsBounded() {
        ui::LogModel model;
        QList<ui::LogEntry> many;
        for (int i = 1; i <= ui::LogModel::capacity + 10; ++i)
            many.push_back({i, QDateTime::currentDateTimeUtc(), "info", "app", "line"});
        model.append(many);
        QCOMPARE(model.rowCount(), ui::LogModel::capacity);
        QCOMPARE(model.lastId(), qint64{ui::LogModel::capacity + 10});
    }
};

QTEST_MAIN(TestLogView)
#include "test_log_view.moc"

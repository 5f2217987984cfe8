// The Server screen's "Customers" line: where the shop can be reached, from its bind address.

#include "ui/ShopReach.h"

#include <QtTest>

using topcoat::ui::describeShopReach;
using Scope = topcoat::ui::ShopReach::Scope;

class ShopReachTest : public QObject {
    Q_OBJECT

private slots:
    void scopes_data() {
        QTest::addColumn<QString>("bind");
        QTest::addColumn<QString>("serverHost");
        QTest::addColumn<int>("scope");
        QTest::addColumn<QString>("url");
        const auto row = [](const char* name, const char* bind, const char* host, Scope scope,
                            const char* url) {
            QTest::newRow(name) << QString::fromLatin1(bind) << QString::fromLatin1(host)
                                << int(scope) << QString::fromLatin1(url);
        };
        row("embedded on loopback", "127.0.0.1", "", Scope::ThisComputer, "");
        row("remote on loopback (behind a proxy)", "127.0.0.1", "shop.example", Scope::ThisComputer,
            "");
        row("IPv6 loopback", "::1", "", Scope::ThisComputer, "");
        row("every address, remote", "0.0.0.0", "shop.example", Scope::ThisNetwork,
            "http://shop.example:8080");
        row("every address, embedded", "0.0.0.0", "", Scope::ThisNetwork, "");
        row("a home network", "192.168.1.20", "", Scope::ThisNetwork, "http://192.168.1.20:8080");
        row("an office network", "10.4.0.7", "", Scope::ThisNetwork, "http://10.4.0.7:8080");
        row("172.16/12", "172.20.0.2", "", Scope::ThisNetwork, "http://172.20.0.2:8080");
        row("IPv6 unique local", "fd00::5", "", Scope::ThisNetwork, "http://[fd00::5]:8080");
        row("a public address", "203.0.113.9", "", Scope::Internet, "http://203.0.113.9:8080");
        row("172.32 is public", "172.32.0.1", "", Scope::Internet, "http://172.32.0.1:8080");
    }

    void scopes() {
        QFETCH(QString, bind);
        QFETCH(QString, serverHost);
        QFETCH(int, scope);
        QFETCH(QString, url);
        const auto reach = describeShopReach(bind, 8080, serverHost, {});
        QCOMPARE(int(reach.scope), scope);
        QCOMPARE(reach.url.toString(), url);
        QVERIFY(!reach.text.isEmpty());
        if (reach.scope == Scope::ThisComputer)
            QVERIFY(reach.text.contains(QStringLiteral("loopback")));
        if (reach.scope != Scope::ThisComputer)
            QVERIFY(reach.text.contains(QStringLiteral("plain HTTP")));
    }

    void theEnteredAddressWins() {
        const QUrl entered(QStringLiteral("https://polish.example"));
        const auto reach = describeShopReach(QStringLiteral("127.0.0.1"), 8080, {}, entered);
        QCOMPARE(reach.scope, Scope::Entered);
        QCOMPARE(reach.url, entered);
        QVERIFY(reach.text.contains(QStringLiteral("https://polish.example")));
    }
};

QTEST_GUILESS_MAIN(ShopReachTest)
#include "test_shop_reach.moc"

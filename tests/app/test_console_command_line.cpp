// The console's flags: an embedded storefront, or a remote topcoatd over http:// or https://
// with a pinned fingerprint and a client certificate; every wrong combination says why.

#include "topcoat/ConsoleCommandLine.h"

#include <QtTest>

namespace {

ConsoleCommandLine parse(QStringList arguments) {
    arguments.prepend(QStringLiteral("topcoat"));
    return parseConsoleCommandLine(arguments);
}

const QString fingerprint = QStringLiteral("5E:0B:6C:E1:8F:2A:3B:7D:11:22:33:44:55:66:77:88:99:AA:"
                                           "BB:CC:DD:EE:FF:00:12:34:56:78:9A:BC:DE:F0");

} // namespace

class ConsoleCommandLineTest : public QObject {
    Q_OBJECT

private slots:
    void embeddedByDefault() {
        const auto line =
            parse({QStringLiteral("--port"), QStringLiteral("9090"), QStringLiteral("--demo")});
        QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
        QCOMPARE(line.port, 9090);
        QVERIFY(line.demo);
        QVERIFY(line.remoteUrl.isEmpty());
    }

    void aRemoteOverHttpsWithPinAndClientCertificate() {
        auto bare = fingerprint;
        bare.remove(QLatin1Char(':'));
        const auto line =
            parse({QStringLiteral("--remote"), QStringLiteral("https://shop.example:8443"),
                   QStringLiteral("--token"), QStringLiteral("t"), QStringLiteral("--fingerprint"),
                   bare.toLower(), QStringLiteral("--client-cert"), QStringLiteral("/c.pem"),
                   QStringLiteral("--client-key"), QStringLiteral("/c.key")});
        QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
        QCOMPARE(line.remoteUrl, QUrl(QStringLiteral("https://shop.example:8443")));
        QCOMPARE(line.token, QStringLiteral("t"));
        QCOMPARE(line.fingerprint, fingerprint);
        QCOMPARE(line.clientCertificatePath, QStringLiteral("/c.pem"));
        QCOMPARE(line.clientKeyPath, QStringLiteral("/c.key"));
    }

    void aRemoteOverHttpThroughATunnel() {
        const auto line =
            parse({QStringLiteral("--remote"), QStringLiteral("http://127.0.0.1:18081"),
                   QStringLiteral("--token"), QStringLiteral("t")});
        QVERIFY2(line.error.isEmpty(), qPrintable(line.error));
    }

    void wrongCombinationsSayWhy_data() {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QString>("error");
        const auto remote =
            QStringList{QStringLiteral("--remote"), QStringLiteral("https://shop.example:8443")};
        QTest::newRow("ftp") << QStringList{QStringLiteral("--remote"), QStringLiteral("ftp://x")}
                             << QStringLiteral("--remote must be an http:// or https:// URL");
        QTest::newRow("no host") << QStringList{QStringLiteral("--remote"),
                                                QStringLiteral("https://")}
                                 << QStringLiteral("--remote must be an http:// or https:// URL");
        QTest::newRow("token without remote")
            << QStringList{QStringLiteral("--token"), QStringLiteral("t")}
            << QStringLiteral(
                   "--token, --fingerprint, --client-cert and --client-key need --remote");
        QTest::newRow("short fingerprint")
            << remote + QStringList{QStringLiteral("--fingerprint"), QStringLiteral("AB:CD")}
            << QStringLiteral(
                   "--fingerprint must be a SHA-256 fingerprint (64 hex digits, colons allowed)");
        QTest::newRow("fingerprint over http")
            << QStringList{QStringLiteral("--remote"), QStringLiteral("http://shop.example:8081"),
                           QStringLiteral("--fingerprint"), fingerprint}
            << QStringLiteral("--fingerprint needs an https:// --remote");
        QTest::newRow("certificate without key")
            << remote + QStringList{QStringLiteral("--client-cert"), QStringLiteral("/c.pem")}
            << QStringLiteral("--client-cert and --client-key go together");
        QTest::newRow("bad port") << QStringList{QStringLiteral("--port"), QStringLiteral("70000")}
                                  << QStringLiteral("--port must be a port number from 0 to 65535");
    }

    void wrongCombinationsSayWhy() {
        QFETCH(QStringList, arguments);
        QFETCH(QString, error);
        QCOMPARE(parse(arguments).error, error);
    }
};

QTEST_GUILESS_MAIN(ConsoleCommandLineTest)
#include "test_console_command_line.moc"

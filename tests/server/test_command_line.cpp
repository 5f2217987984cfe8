// topcoatd's command line (server/CommandLine): the port pair, where the admin token comes
// from (--admin-token, --admin-token-file, never both), the two listening addresses, the
// trusted proxies, --backup, and the --config file under the command line.

#include "server/CommandLine.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <regex>

using namespace topcoat;

namespace {

CommandLine parse(std::vector<std::string> arguments) {
    arguments.insert(arguments.begin(), {"--data-dir", "/srv/shop"});
    return parseCommandLine(arguments);
}

bool startsWith(const std::string& text, const std::string& prefix) {
    return text.starts_with(prefix);
}

} // namespace

class CommandLineTest : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;

    std::string tokenFile(const QByteArray& bytes, const QString& name = "token") {
        const auto path = scratch_.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size())
            qFatal("cannot write %s", qPrintable(path));
        return path.toStdString();
    }

private slots:
    void defaultsAreUsable() {
        const auto command = parse({});
        QCOMPARE(command.error, std::string());
        QCOMPARE(command.options.port, std::uint16_t(8080));
        QCOMPARE(command.options.adminPort, std::uint16_t(8081));
    }

    void equalPortsAreRefused() {
        const auto command = parse({"--port", "9000", "--admin-port", "9000"});
        QCOMPARE(command.error, std::string("--port and --admin-port are both 9000; the "
                                            "storefront and the admin API each need their own "
                                            "port"));
    }

    void portEqualToTheDefaultAdminPortIsRefused() {
        QVERIFY(
            startsWith(parse({"--port", "8081"}).error, "--port and --admin-port are both 8081"));
        QVERIFY(startsWith(parse({"--admin-port=8080"}).error,
                           "--port and --admin-port are both 8080"));
    }

    void bothZeroPickTwoFreePorts() {
        const auto command = parse({"--port", "0", "--admin-port", "0"});
        QCOMPARE(command.error, std::string());
        QCOMPARE(command.options.port, std::uint16_t(0));
        QCOMPARE(command.options.adminPort, std::uint16_t(0));
    }

    void tokenFileIsReadAndTrimmed() {
        const auto path = tokenFile("s3cret-token \t\r\n\n");
        const auto command = parse({"--admin-token-file", path});
        QCOMPARE(command.error, std::string());
        QCOMPARE(command.options.adminToken, std::string("s3cret-token"));
        QCOMPARE(parse({"--admin-token-file=" + path}).options.adminToken,
                 std::string("s3cret-token"));
    }

    void tokenAndTokenFileTogetherAreRefused() {
        const auto path = tokenFile("file-token\n");
        const std::string error = "--admin-token and --admin-token-file cannot be used together";
        QCOMPARE(parse({"--admin-token", "t", "--admin-token-file", path}).error, error);
        QCOMPARE(parse({"--admin-token-file", path, "--admin-token", "t"}).error, error);
    }

    void missingTokenFileIsAnError() {
        const auto path = scratch_.filePath("absent").toStdString();
        QCOMPARE(parse({"--admin-token-file", path}).error,
                 "cannot read the admin token file " + path + ": No such file or directory");
    }

    void emptyTokenFileIsAnError() {
        const auto path = tokenFile(" \n\n", "blank");
        QCOMPARE(parse({"--admin-token-file", path}).error,
                 "the admin token file " + path + " is empty");
        QCOMPARE(parse({"--admin-token-file", ""}).error,
                 std::string("--admin-token-file must not be empty"));
    }

    void tokenFileOfSeveralLinesIsAnError() {
        const auto path = tokenFile("first\nsecond\n", "lines");
        QCOMPARE(parse({"--admin-token-file", path}).error,
                 "the admin token file " + path +
                     " holds more than one line, or control "
                     "characters");
    }

    void oversizedTokenFileIsAnError() {
        const auto path = tokenFile(QByteArray(5000, 'a'), "big");
        QVERIFY(startsWith(parse({"--admin-token-file", path}).error,
                           "the admin token file " + path + " is larger than 4096 bytes"));
    }

    // A bad flag is reported as such, before any file is read.
    void flagErrorsComeBeforeTheTokenFile() {
        const auto path = scratch_.filePath("absent").toStdString();
        QCOMPARE(parse({"--admin-token-file", path, "--durability", "disk"}).error,
                 std::string("--durability must be process or power"));
    }

    void adminStaysOnLoopbackWhenTheStorefrontIsPublic() {
        const auto command = parse({"--bind", "0.0.0.0"});
        QCOMPARE(command.error, std::string());
        QCOMPARE(command.options.bind, std::string("0.0.0.0"));
        QCOMPARE(command.options.adminBind, std::string("127.0.0.1"));
        QCOMPARE(parse({"--admin-bind", "10.0.0.5"}).options.adminBind, std::string("10.0.0.5"));
        QCOMPARE(parse({"--admin-bind="}).error, std::string("--admin-bind must not be empty"));
    }

    void trustedProxiesAreParsed() {
        const auto command = parse({"--trusted-proxies", "127.0.0.1, ::1,10.0.0.0/8"});
        QCOMPARE(command.error, std::string());
        const auto& proxies = command.options.trustedProxies;
        QCOMPARE(proxies.size(), std::size_t(3));
        QVERIFY(proxies[0].contains(*NetworkAddress::parse("127.0.0.1")));
        QVERIFY(proxies[1].contains(*NetworkAddress::parse("::1")));
        QVERIFY(proxies[2].contains(*NetworkAddress::parse("10.9.8.7")));
        QVERIFY(!proxies[2].contains(*NetworkAddress::parse("11.0.0.1")));
        QCOMPARE(parse({"--trusted-proxies", "127.0.0.1,nginx"}).error,
                 std::string("--trusted-proxies: \"nginx\" is not an IP address or CIDR range"));
    }

    void backupNamesItsFile() {
        const auto command = parse({"--backup", "/tmp/copy.db"});
        QCOMPARE(command.error, std::string());
        QVERIFY(command.backupTo);
        QCOMPARE(command.backupTo->string(), std::string("/tmp/copy.db"));
        QVERIFY(!parse({}).backupTo);
        QCOMPARE(parseCommandLine({"--backup", "x.db"}).error,
                 std::string("--data-dir is required"));
    }

    void ordersNameAPostgresDatabase() {
        QVERIFY(!parse({}).options.orders);
        QVERIFY(!parse({"--orders", "sqlite"}).options.orders);
        const auto command = parse({"--orders", "postgresql://shop@db.internal:6543/topcoat"});
        QCOMPARE(command.error, std::string());
        QVERIFY(command.options.orders && command.options.orders->isPostgres());
        QCOMPARE(command.options.orders->host, QStringLiteral("db.internal"));
        QCOMPARE(command.options.orders->port, 6543);
        QCOMPARE(command.options.orders->user, QStringLiteral("shop"));
        QCOMPARE(command.options.orders->database, QStringLiteral("topcoat"));
        QCOMPARE(parse({"--orders=postgres://shop@10.0.0.5/shop_1"}).options.orders->text(),
                 std::string("postgresql://shop@10.0.0.5:5432/shop_1"));
        const std::string refused = "--orders must be sqlite or postgresql://USER@HOST:PORT/DB";
        // A password in the URL would be on show in `ps`; queries and odd names are refused.
        for (const char* bad :
             {"postgresql://shop:secret@db/topcoat", "postgresql://db/topcoat",
              "postgresql://shop@db", "postgresql://shop@db:0/x", "postgresql://shop@db:99999/x",
              "postgresql://shop@db/x?sslmode=disable", "mysql://shop@db/x", "postgresql://@db/x",
              "postgresql://shop@/x", "postgresql://sh op@db/x", "postgresql://shop@db:5432/"})
            QCOMPARE(parse({"--orders", bad}).error, refused);
        QCOMPARE(parse({"--orders", "postgresql://shop@db/x", "--backup", "/tmp/copy.db"}).error,
                 std::string("--backup copies DIR's SQLite database; back up PostgreSQL with "
                             "pg_dump"));
    }

    void holdGraceIsWholeSecondsUpToAnHour() {
        QCOMPARE(parse({}).options.holdGrace, std::chrono::seconds(60));
        QCOMPARE(parse({"--hold-grace", "3"}).options.holdGrace, std::chrono::seconds(3));
        QCOMPARE(parse({"--hold-grace=3600"}).options.holdGrace, std::chrono::seconds(3600));
        for (const char* bad : {"0", "-5", "3601", "1.5", "", "60s", "99999999999999999999"})
            QCOMPARE(parse({"--hold-grace", bad}).error,
                     std::string("--hold-grace must be whole seconds from 1 to 3600"));
    }

    // A value is never echoed back: it may be a token typed after the wrong flag name.
    void unknownFlagIsNamedWithoutItsValue() {
        QCOMPARE(parse({"--admin-tokn=s3cret"}).error,
                 std::string("unknown argument --admin-tokn"));
    }

    void configFileIsReadUnderTheCommandLine() {
        const auto token = tokenFile("config-token\n", "config-token");
        const auto config =
            tokenFile("# topcoatd\n\n  port = 9080\nadmin-port=9081\n"
                      "bind = 0.0.0.0\ntrusted-proxies = 127.0.0.1, ::1\n"
                      "admin-token-file = " +
                          QByteArray::fromStdString(token) + "\ndemo = true\ndurability = power\n",
                      "topcoatd.conf");
        const auto fromFile = parseCommandLine({"--config", config, "--data-dir", "/srv"});
        QCOMPARE(fromFile.error, std::string());
        QCOMPARE(fromFile.options.port, std::uint16_t(9080));
        QCOMPARE(fromFile.options.adminPort, std::uint16_t(9081));
        QCOMPARE(fromFile.options.bind, std::string("0.0.0.0"));
        QCOMPARE(fromFile.options.adminBind, std::string("127.0.0.1"));
        QCOMPARE(fromFile.options.trustedProxies.size(), std::size_t(2));
        QCOMPARE(fromFile.options.adminToken, std::string("config-token"));
        QVERIFY(fromFile.options.demo);
        QVERIFY(fromFile.options.durability == db::Durability::Power);

        // The command line wins, wherever --config stands, and its token replaces the file's.
        const auto overridden = parseCommandLine(
            {"--port", "7000", "--admin-token", "typed", "--config=" + config, "--data-dir", "/"});
        QCOMPARE(overridden.error, std::string());
        QCOMPARE(overridden.options.port, std::uint16_t(7000));
        QCOMPARE(overridden.options.adminPort, std::uint16_t(9081));
        QCOMPARE(overridden.options.adminToken, std::string("typed"));
    }

    void configFileErrorsNameTheLine() {
        const auto check = [&](const QByteArray& content, const std::string& expected) {
            const auto config = tokenFile(content, "bad.conf");
            QCOMPARE(parse({"--config", config}).error,
                     std::regex_replace(expected, std::regex("FILE"), config));
        };
        check("port = 8000\nport 9000\n", "the config file FILE line 2 is not `name = value`");
        check("--port = 1\n", "the config file FILE line 1: \"--port\" is not a flag name");
        check("port = 70000\n",
              "--port must be a port number from 0 to 65535 (the config file FILE line 1)");
        check("\nporte = 1\n", "unknown argument --porte (the config file FILE line 2)");
        check("backup = /tmp/x\n", "backup cannot be set in a config file (the config file FILE "
                                   "line 1)");
        check("demo = yes\n", "demo must be true or false (the config file FILE line 1)");
        check("admin-token = a\nadmin-token-file = /x\n",
              "--admin-token and --admin-token-file cannot be used together (the config file "
              "FILE line 2)");
        check(QByteArray(70 * 1024, '#'), "the config file FILE is larger than 64 KiB");
        const auto absent = scratch_.filePath("absent.conf").toStdString();
        QCOMPARE(parse({"--config", absent}).error,
                 "cannot read the config file " + absent + ": No such file or directory");
    }

    void usageNamesTheNewFlag() {
        QVERIFY(usageText().find("--admin-token-file FILE") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(CommandLineTest)
#include "test_command_line.moc"

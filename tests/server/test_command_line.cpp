// topcoatd's command line (server/CommandLine): the port pair, and where the admin token comes
// from (--admin-token, --admin-token-file, never both).

#include "server/CommandLine.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

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

    void usageNamesTheNewFlag() {
        QVERIFY(usageText().find("--admin-token-file FILE") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(CommandLineTest)
#include "test_command_line.moc"

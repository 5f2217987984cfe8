// One process per shop (the `## topcoatd` section of server/API.md) against real topcoatd
// processes: a second one on the same data dir is refused while the first keeps serving, the
// dir is free again after SIGTERM or kill -9, a topcoat.db that is not Topcoat's is refused and
// left byte for byte as it was, and the admin token can come from a file instead of the
// command line.

#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using namespace topcoat::test;

namespace {

constexpr int exitTimeoutMs = 20000; // only reached when something hangs

struct Exit {
    int code = -1; // -1: did not exit, or crashed
    QString stderrText;
};

// Runs topcoatd to its end, for the starts that must be refused.
Exit runToExit(const QStringList& arguments) {
    QProcess process;
    process.start(TopcoatdProcess::binary(), arguments);
    Exit exit;
    if (!process.waitForFinished(exitTimeoutMs)) {
        process.kill();
        process.waitForFinished();
        return exit;
    }
    exit.stderrText = QString::fromUtf8(process.readAllStandardError());
    if (process.exitStatus() == QProcess::NormalExit)
        exit.code = process.exitCode();
    return exit;
}

QStringList onFreePorts(const QString& dataDir) {
    return {"--data-dir", dataDir, "--port", "0", "--admin-port", "0"};
}

QByteArray contents(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

bool writeFile(const QString& path, const QByteArray& bytes) {
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

// Another program's database: a table of its own, in SQLite's default rollback-journal mode.
QString createForeignDatabase(const QString& path) {
    QString failure;
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("foreign"));
        db.setDatabaseName(path);
        if (!db.open()) {
            failure = db.lastError().text();
        } else {
            QSqlQuery query(db);
            if (!query.exec(QStringLiteral("CREATE TABLE recipes (id INTEGER PRIMARY KEY, "
                                           "name TEXT)")) ||
                !query.exec(QStringLiteral("INSERT INTO recipes (name) VALUES ('pancakes')")))
                failure = query.lastError().text();
        }
    }
    QSqlDatabase::removeDatabase(QStringLiteral("foreign"));
    return failure;
}

bool serves(const TopcoatdProcess& process) {
    HttpClient client("127.0.0.1", process.port());
    return client.get("/healthz").status == 200;
}

QString inUseMessage(const QString& dataDir, qint64 pid) {
    return QStringLiteral("topcoatd: the data dir %1 is in use by another Topcoat process "
                          "(pid %2)")
        .arg(dataDir)
        .arg(pid);
}

} // namespace

class SingleProcessTest : public QObject {
    Q_OBJECT

private slots:
    void secondProcessIsRefusedWhileFirstServes() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        TopcoatdProcess first(dataDir);
        QVERIFY2(first.start(), qPrintable(first.error()));

        const auto second = runToExit(onFreePorts(dataDir));
        QCOMPARE(second.code, 1);
        QVERIFY2(second.stderrText.contains(inUseMessage(dataDir, first.pid())),
                 qPrintable(second.stderrText));

        QVERIFY(serves(first));
        HttpClient admin("127.0.0.1", first.adminPort());
        admin.setToken(first.adminToken());
        QCOMPARE(admin.get("/admin/status").status, 200);
        QCOMPARE(first.terminate(), 0);
    }

    void dirIsFreeAfterSigterm() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        TopcoatdProcess first(dataDir);
        QVERIFY2(first.start(), qPrintable(first.error()));
        QCOMPARE(first.terminate(), 0);

        TopcoatdProcess next(dataDir);
        QVERIFY2(next.start(), qPrintable(next.error()));
        QVERIFY(serves(next));
        QCOMPARE(next.terminate(), 0);
    }

    // The kernel drops a killed process's lock; the pid it left in the file must not matter.
    void dirIsFreeAfterKill9() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        TopcoatdProcess first(dataDir);
        QVERIFY2(first.start(), qPrintable(first.error()));
        const auto killedPid = first.pid();
        first.kill();
        const auto lockFile = dataDir + QStringLiteral("/topcoat.lock");
        QCOMPARE(contents(lockFile).trimmed(), QByteArray::number(killedPid));

        TopcoatdProcess next(dataDir);
        QVERIFY2(next.start(), qPrintable(next.error()));
        QVERIFY(serves(next));
        QCOMPARE(contents(lockFile).trimmed(), QByteArray::number(next.pid()));
        // And the new holder is the one a third process is told about.
        const auto third = runToExit(onFreePorts(dataDir));
        QCOMPARE(third.code, 1);
        QVERIFY2(third.stderrText.contains(inUseMessage(dataDir, next.pid())),
                 qPrintable(third.stderrText));
        QCOMPARE(next.terminate(), 0);
    }

    void foreignSqliteDatabaseIsRefusedUntouched() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(dataDir));
        const auto database = dataDir + QStringLiteral("/topcoat.db");
        const auto failure = createForeignDatabase(database);
        QVERIFY2(failure.isEmpty(), qPrintable(failure));
        const auto before = contents(database);
        QVERIFY(!before.isEmpty());

        const auto refused = runToExit(onFreePorts(dataDir));
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.stderrText.contains(
                     QStringLiteral("topcoatd: %1 is not a Topcoat database").arg(database)),
                 qPrintable(refused.stderrText));
        QCOMPARE(contents(database), before);
        // Not even a write-ahead log was started beside it.
        QVERIFY(!QFile::exists(database + QStringLiteral("-wal")));
        QVERIFY(!QFile::exists(database + QStringLiteral("-journal")));
    }

    void nonSqliteFileIsRefusedUntouched() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(dataDir));
        const auto database = dataDir + QStringLiteral("/topcoat.db");
        const QByteArray before("name,shade\nRuby,#9b111e\n");
        QVERIFY(writeFile(database, before));

        const auto refused = runToExit(onFreePorts(dataDir));
        QCOMPARE(refused.code, 1);
        QVERIFY2(refused.stderrText.contains(
                     QStringLiteral("topcoatd: %1 is not an SQLite database").arg(database)),
                 qPrintable(refused.stderrText));
        QCOMPARE(contents(database), before);
    }

    void adminTokenFromFile() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        const auto tokenFile = scratch.filePath(QStringLiteral("token"));
        const QByteArray token("file-held-admin-token");
        QVERIFY(writeFile(tokenFile, token + "\n"));

        TopcoatdProcess server(dataDir, {"--admin-token-file", tokenFile}, "");
        QVERIFY2(server.start(), qPrintable(server.error()));
        HttpClient admin("127.0.0.1", server.adminPort());
        admin.setToken(token.toStdString());
        QCOMPARE(admin.get("/admin/status").status, 200);
        HttpClient anonymous("127.0.0.1", server.adminPort());
        QCOMPARE(anonymous.get("/admin/status").status, 401);

        const auto commandLine =
            contents(QStringLiteral("/proc/%1/cmdline").arg(server.pid())).replace('\0', ' ');
        QVERIFY2(commandLine.contains(tokenFile.toUtf8()), commandLine.constData());
        QVERIFY2(!commandLine.contains(token), commandLine.constData());
        QCOMPARE(server.terminate(), 0);
        // Given a token, none is generated, stored or printed.
        QVERIFY(!server.output().contains(QStringLiteral("admin token")));
        QVERIFY(!QFile::exists(dataDir + QStringLiteral("/admin-token")));
    }

    void theDataDirIsPrivateWhateverTheUmask() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        const auto inherited = ::umask(022); // a shell's usual umask, passed on to the child
        TopcoatdProcess server(dataDir, {}, "");
        const bool started = server.start();
        ::umask(inherited);
        QVERIFY2(started, qPrintable(server.error()));
        QCOMPARE(server.terminate(), 0);
        const auto modeOf = [](const QString& path) {
            struct stat info {};
            return ::stat(QFile::encodeName(path).constData(), &info) == 0
                       ? int(info.st_mode & 0777)
                       : -1;
        };
        // The harness makes the data dir itself; the logs dir is topcoatd's own.
        QCOMPARE(modeOf(dataDir + QStringLiteral("/logs")), 0700);
        for (const char* file : {"topcoat.db", "admin-token", "topcoat.lock", "logs/topcoat.log"})
            QVERIFY2(modeOf(dataDir + QLatin1Char('/') + QLatin1String(file)) == 0600, file);
    }

    void equalPortsAreRefused() {
        QTemporaryDir scratch;
        const auto dataDir = scratch.filePath(QStringLiteral("data"));
        const auto refused =
            runToExit({"--data-dir", dataDir, "--port", "18123", "--admin-port", "18123"});
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.stderrText.contains(
                     QStringLiteral("topcoatd: --port and --admin-port are both 18123")),
                 qPrintable(refused.stderrText));
        QVERIFY(!QFile::exists(dataDir)); // refused before anything was created
    }

    void bothTokenFlagsAreRefused() {
        QTemporaryDir scratch;
        const auto tokenFile = scratch.filePath(QStringLiteral("token"));
        QVERIFY(writeFile(tokenFile, "t\n"));
        auto arguments = onFreePorts(scratch.filePath(QStringLiteral("data")));
        arguments << "--admin-token"
                  << "t"
                  << "--admin-token-file" << tokenFile;
        const auto refused = runToExit(arguments);
        QCOMPARE(refused.code, 2);
        QVERIFY2(refused.stderrText.contains(QStringLiteral(
                     "topcoatd: --admin-token and --admin-token-file cannot be used together")),
                 qPrintable(refused.stderrText));
    }
};

QTEST_GUILESS_MAIN(SingleProcessTest)
#include "test_http_single_process.moc"

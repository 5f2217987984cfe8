// PostgresServer, the PostgreSQL 15 that tests start for themselves: a row committed before a
// SIGKILL is there after crash recovery and one not committed is not, while a second server
// runs beside it on its own port and data; a destroyed server leaves no process behind; a
// server that cannot start says why, with its log; as root, a data dir the postgres user cannot
// reach is refused.

#include "tests/support/PostgresServer.h"

#include <QFile>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <unistd.h>

using topcoat::test::PostgresServer;

namespace {

// A QPSQL connection to `server` as its role, removed with this object.
class Connection {
public:
    Connection(const PostgresServer& server, QString name) : name_(std::move(name)) {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QPSQL"), name_);
        db.setHostName(QStringLiteral("127.0.0.1"));
        db.setPort(server.port());
        db.setUserName(server.user());
        db.setDatabaseName(server.database());
    }
    ~Connection() {
        db().close();
        QSqlDatabase::removeDatabase(name_);
    }
    QSqlDatabase db() const { return QSqlDatabase::database(name_, false); }

private:
    QString name_;
};

// Whether `pid` still runs: an exited process nobody reaped yet (a zombie) does not.
bool running(pid_t pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const char state = line.at(line.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
}

} // namespace

class TestPostgresServer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() {
        QVERIFY2(QSqlDatabase::isDriverAvailable(QStringLiteral("QPSQL")),
                 "Qt's PostgreSQL driver is missing (Debian's libqt6sql6-psql)");
    }

    void committedRowSurvivesACrashBesideASecondServer() {
        QTemporaryDir dir, otherDir;
        QVERIFY(dir.isValid() && otherDir.isValid());
        PostgresServer server(dir.path()), other(otherDir.path());
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY2(other.start(), qPrintable(other.error()));
        QVERIFY(server.port() != other.port());
        QCOMPARE(server.url(),
                 QStringLiteral("postgresql://topcoat@127.0.0.1:%1/topcoat").arg(server.port()));

        Connection connection(server, QStringLiteral("crashing"));
        QSqlDatabase db = connection.db();
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery query(db);
        QVERIFY2(query.exec("CREATE TABLE orders (id integer PRIMARY KEY, sku text NOT NULL)"),
                 qPrintable(query.lastError().text()));
        QVERIFY(db.transaction());
        QVERIFY2(query.exec("INSERT INTO orders VALUES (1, 'NP-001')"),
                 qPrintable(query.lastError().text()));
        QVERIFY2(db.commit(), qPrintable(db.lastError().text()));
        // Still open when the server dies: crash recovery must not keep it.
        QVERIFY(db.transaction());
        QVERIFY2(query.exec("INSERT INTO orders VALUES (2, 'NP-002')"),
                 qPrintable(query.lastError().text()));

        const auto port = server.port();
        server.kill();
        QVERIFY(server.processes().empty());

        // The other server has its own data and does not notice.
        Connection otherConnection(other, QStringLiteral("beside"));
        QSqlDatabase otherDb = otherConnection.db();
        QVERIFY2(otherDb.open(), qPrintable(otherDb.lastError().text()));
        QSqlQuery otherQuery(otherDb);
        QVERIFY2(otherQuery.exec("SELECT to_regclass('orders') IS NULL"),
                 qPrintable(otherQuery.lastError().text()));
        QVERIFY(otherQuery.next());
        QVERIFY(otherQuery.value(0).toBool());

        QVERIFY2(server.restart(), qPrintable(server.error()));
        QCOMPARE(server.port(), port);
        QVERIFY2(server.log().contains(
                     "database system was not properly shut down; automatic recovery in progress"),
                 qPrintable(server.log().right(2000)));

        db.close();
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery after(db);
        QVERIFY2(after.exec("SELECT id, sku FROM orders ORDER BY id"),
                 qPrintable(after.lastError().text()));
        QVERIFY(after.next());
        QCOMPARE(after.value(0).toInt(), 1);
        QCOMPARE(after.value(1).toString(), QStringLiteral("NP-001"));
        QVERIFY(!after.next());
    }

    void destroyedServerLeavesNothingRunning() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto server = std::make_unique<PostgresServer>(dir.path());
        QVERIFY2(server->start(), qPrintable(server->error()));
        // A client's backend, too, must be gone with the server.
        Connection connection(*server, QStringLiteral("held"));
        QSqlDatabase db = connection.db();
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery query(db);
        QVERIFY2(query.exec("SELECT pg_backend_pid()"), qPrintable(query.lastError().text()));
        QVERIFY(query.next());
        const auto backend = static_cast<pid_t>(query.value(0).toLongLong());

        const std::vector<pid_t> processes = server->processes();
        QVERIFY(processes.size() > 2); // the postmaster, its helpers, the backend
        QVERIFY(std::find(processes.begin(), processes.end(), backend) != processes.end());
        server.reset();
        for (const pid_t pid : processes)
            QVERIFY2(!running(pid), qPrintable(QStringLiteral("process %1 still runs").arg(pid)));
    }

    void failedStartSaysWhyWithTheLog() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        // A cluster of another PostgreSQL version, which this server refuses to open.
        QVERIFY(QDir(dir.path()).mkdir(QStringLiteral("pgdata")));
        QFile version(dir.filePath(QStringLiteral("pgdata/PG_VERSION")));
        QVERIFY(version.open(QIODevice::WriteOnly));
        version.write("9.6\n");
        version.close();
        QFile config(dir.filePath(QStringLiteral("pgdata/postgresql.conf")));
        QVERIFY(config.open(QIODevice::WriteOnly));
        config.close();

        PostgresServer server(dir.path());
        QVERIFY(!server.start());
        QVERIFY2(server.error().contains("exited"), qPrintable(server.error()));
        QVERIFY2(server.error().contains("database files are incompatible with server"),
                 qPrintable(server.error()));
        QVERIFY(server.processes().empty());
    }

    void dataDirThePostgresUserCannotReachIsRefusedAsRoot() {
        QTemporaryDir dir; // private to its owner: 0700
        QVERIFY(dir.isValid());
        PostgresServer server(dir.filePath(QStringLiteral("inner")));
        if (::geteuid() != 0) {
            // The cluster runs as the current user, who may enter its own directory.
            QVERIFY2(server.start(), qPrintable(server.error()));
            return;
        }
        // As root the cluster runs as postgres, which may not enter the private parent; the
        // server leaves the parent as it is and says so.
        QVERIFY(!server.start());
        QVERIFY2(server.error().contains(QStringLiteral("may not enter %1").arg(dir.path())),
                 qPrintable(server.error()));
        QVERIFY(QFileInfo(dir.path()).permissions() ==
                (QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadUser |
                 QFile::WriteUser | QFile::ExeUser));
    }
};

QTEST_GUILESS_MAIN(TestPostgresServer)
#include "test_postgres_server.moc"

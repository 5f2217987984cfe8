// ChangeNotices against a real PostgreSQL 15: a change the shop's writer commits is heard, a
// notice in a transaction rolled back is not, the listener hears again after the server
// restarts (and says once that it lost the connection), and a server that takes the TCP
// connection but never answers is given up on and does not hold stop().

#include "db/ChangeNotices.h"
#include "db/Connection.h"
#include "db/Store.h"
#include "tests/support/PostgresServer.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>
#include <atomic>
#include <mutex>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace topcoat;
using topcoat::test::PostgresServer;

namespace {

// What a listener heard, from its own thread.
struct Heard {
    std::atomic<int> notices{0};
    std::mutex mutex;
    QStringList troubles;

    db::ChangeNotices::OnNotice onNotice() {
        return [this] {
            ++notices;
        };
    }
    db::ChangeNotices::OnTrouble onTrouble() {
        return [this](const std::string& what) {
            std::lock_guard lock(mutex);
            troubles << QString::fromStdString(what);
        };
    }
    QStringList troublesSoFar() {
        std::lock_guard lock(mutex);
        return troubles;
    }
};

db::Location locationOf(const PostgresServer& server) {
    return *db::parsePostgresUrl(server.url().toStdString());
}

// Runs `statements` on a connection of its own, then closes it.
bool run(const PostgresServer& server, const QStringList& statements) {
    const auto name = QStringLiteral("notifier");
    bool ok = true;
    {
        auto db = db::openConnection(name, locationOf(server), db::Role::Writer);
        for (const auto& statement : statements)
            ok = QSqlQuery(db).exec(statement) && ok;
    }
    db::closeConnection(name);
    return ok;
}

const QString notify = QStringLiteral("NOTIFY ") + QLatin1String(db::shopChangesChannel);

} // namespace

class TestChangeNotices : public QObject {
    Q_OBJECT

private slots:
    void hearsWhatTheShopsWriterCommits() {
        QTemporaryDir postgresDir;
        PostgresServer postgres(postgresDir.path());
        QVERIFY2(postgres.start(), qPrintable(postgres.error()));
        db::Store store(locationOf(postgres), db::Durability::Process);

        Heard heard;
        db::ChangeNotices notices(store.location(), heard.onNotice(), heard.onTrouble());
        QTRY_VERIFY(notices.listening());
        QTRY_COMPARE(heard.notices.load(), 1); // the look after connecting

        store.saveSetting("shop", R"({"name":"Lacquer Loft"})", 1);
        QTRY_COMPARE(heard.notices.load(), 2);
        QVERIFY(heard.troublesSoFar().isEmpty());
    }

    void hearsNothingOfARolledBackChange() {
        QTemporaryDir postgresDir;
        PostgresServer postgres(postgresDir.path());
        QVERIFY2(postgres.start(), qPrintable(postgres.error()));
        Heard heard;
        db::ChangeNotices notices(locationOf(postgres), heard.onNotice(), heard.onTrouble());
        QTRY_VERIFY(notices.listening());
        QTRY_COMPARE(heard.notices.load(), 1);

        // Notices arrive in commit order: once the second is heard, the first never will be.
        QVERIFY(run(postgres, {"BEGIN", notify, "ROLLBACK"}));
        QVERIFY(run(postgres, {"BEGIN", notify, "COMMIT"}));
        QTRY_COMPARE(heard.notices.load(), 2);
        QVERIFY(run(postgres, {"BEGIN", notify, "COMMIT"}));
        QTRY_COMPARE(heard.notices.load(), 3);
    }

    void listensAgainAfterTheServerRestarts() {
        QTemporaryDir postgresDir;
        PostgresServer postgres(postgresDir.path());
        QVERIFY2(postgres.start(), qPrintable(postgres.error()));
        Heard heard;
        db::ChangeNotices notices(locationOf(postgres), heard.onNotice(), heard.onTrouble());
        QTRY_VERIFY(notices.listening());
        QTRY_COMPARE(heard.notices.load(), 1);

        postgres.kill();
        QTRY_VERIFY(!notices.listening());
        // The restart takes a few tries of the listener's: each failure is told only once.
        QVERIFY2(postgres.restart(), qPrintable(postgres.error()));
        QTRY_VERIFY(notices.listening());
        QTRY_COMPARE(heard.notices.load(), 2); // what changed while nobody listened
        QVERIFY(run(postgres, {notify}));
        QTRY_COMPARE(heard.notices.load(), 3);
        const auto troubles = heard.troublesSoFar();
        QVERIFY2(troubles.size() >= 1 && troubles.size() <= 2, qPrintable(troubles.join('\n')));
        QVERIFY2(troubles.first().startsWith("stopped listening for the shop's changes"),
                 qPrintable(troubles.first()));
    }

    void givesUpOnAServerThatNeverAnswers() {
        // A socket that listens but never accepts: the kernel completes the TCP handshake, and
        // then nothing ever answers libpq's start-up message.
        const int silent = ::socket(AF_INET, SOCK_STREAM, 0);
        QVERIFY(silent >= 0);
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t length = sizeof address;
        QCOMPARE(::bind(silent, reinterpret_cast<sockaddr*>(&address), length), 0);
        QCOMPARE(::listen(silent, 8), 0);
        QCOMPARE(::getsockname(silent, reinterpret_cast<sockaddr*>(&address), &length), 0);
        auto location = *db::parsePostgresUrl("postgresql://topcoat@127.0.0.1/topcoat");
        location.port = ntohs(address.sin_port);

        Heard heard;
        {
            db::ChangeNotices notices(location, heard.onNotice(), heard.onTrouble());
            QTRY_VERIFY_WITH_TIMEOUT(!heard.troublesSoFar().isEmpty(), 15000);
            QCOMPARE(heard.troublesSoFar().first(),
                     "cannot listen for the shop's changes: the server did not answer");
            QVERIFY(!notices.listening());
        } // stops while connecting again: the test would hang here if stop() waited on it
        QCOMPARE(heard.notices.load(), 0);
        ::close(silent);
    }
};

QTEST_GUILESS_MAIN(TestChangeNotices)
#include "test_change_notices.moc"

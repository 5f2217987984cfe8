#pragma once

// A real PostgreSQL 15 server for tests, from Debian's packages: its own cluster (initdb) in a
// directory of the test's, on a free loopback port, with trust authentication for the role and
// database "topcoat", and restartable after a SIGKILL on the same port with the same data, so
// that PostgreSQL's crash recovery runs as after a real crash.
//
// As root the cluster runs as the `postgres` user, since initdb and postgres refuse to run as
// root. Start the server from a thread that lives as long as it (the test's main thread): the
// postmaster is killed when the thread that started it ends, so that a test killed by a timeout
// leaves no server behind.

#include "tests/support/ChildProcesses.h"

#include <QProcess>
#include <QString>
#include <cstdint>
#include <memory>
#include <sys/types.h>
#include <vector>

namespace topcoat::test {

class PostgresServer {
public:
    // The cluster lives in `dataDir`/pgdata and the server's log in `dataDir`/postgres.log.
    explicit PostgresServer(QString dataDir);
    ~PostgresServer(); // kills the server and waits until none of its processes is left

    // Creates the cluster on the first start, then runs the server and waits until it accepts
    // connections; false with the reason and the log's last lines in `error()` if not.
    bool start();
    // SIGKILL to the postmaster, as a crash would; its children exit on their own, as they do
    // when the postmaster dies.
    void kill();
    // kill(), waits until the old server's processes are gone, then start() on the same port
    // with the same data.
    bool restart();

    std::uint16_t port() const { return port_; }
    QString url() const {
        return QStringLiteral("postgresql://%1@127.0.0.1:%2/%3")
            .arg(user())
            .arg(port_)
            .arg(database());
    }
    QString database() const { return QStringLiteral("topcoat"); }
    QString user() const { return QStringLiteral("topcoat"); }
    QString error() const { return error_; }
    QString log() const; // everything initdb and the server wrote so far
    // The postmaster and its children now; empty when the server is not running.
    std::vector<pid_t> processes() const;

    // Where Debian's postgresql-15 package puts initdb, postgres, pg_isready and psql.
    static QString binDir();

private:
    bool prepareDirectories();
    bool initCluster();
    bool createDatabase();
    bool launch();
    enum class Readiness { Accepting, Exited, TimedOut };
    Readiness waitUntilAccepting();
    std::unique_ptr<QProcess> clusterProcess() const;
    QString logTail() const;

    QString dataDir_;
    QString clusterDir_;
    QString logPath_;
    std::unique_ptr<QProcess> postmaster_;
    ChildProcesses orphans_; // children of a killed postmaster that may still be exiting
    std::uint16_t port_ = 0;
    QString error_;
};

} // namespace topcoat::test

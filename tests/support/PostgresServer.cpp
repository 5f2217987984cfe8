#include "PostgresServer.h"

#include <Poco/Net/ServerSocket.h>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace topcoat::test {
namespace {

// Generous, for a CI machine running several such servers on two busy cores.
constexpr int initTimeoutMs = 120000;
constexpr int acceptTimeoutMs = 120000; // includes crash recovery after restart()
constexpr int exitTimeoutMs = 30000;
constexpr int clientTimeoutMs = 30000;
constexpr int logTailLines = 20;

std::uint16_t freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

// The user the cluster runs as: the current one, or `postgres` when that is root, since
// initdb and postgres refuse to run as root.
struct ClusterAccount {
    bool switchUser = false;
    uid_t uid = 0;
    gid_t gid = 0;
    QString error;
};

ClusterAccount clusterAccount() {
    if (geteuid() != 0)
        return {false, geteuid(), getegid(), {}};
    const passwd* account = getpwnam("postgres");
    if (account == nullptr)
        return {.error = QStringLiteral("running as root, and there is no postgres user to run "
                                        "PostgreSQL as (Debian's postgresql-15 creates it)")};
    return {true, account->pw_uid, account->pw_gid, {}};
}

// Whether `account` may enter `dir`: the cluster's path must be reachable by the user it runs as.
bool searchable(const QString& dir, const ClusterAccount& account) {
    struct stat info {};
    if (::stat(QFile::encodeName(dir).constData(), &info) != 0)
        return false;
    if (info.st_uid == account.uid)
        return info.st_mode & S_IXUSR;
    if (info.st_gid == account.gid)
        return info.st_mode & S_IXGRP;
    return info.st_mode & S_IXOTH;
}

// The environment less libpq's and the server's PG* variables, so that nothing set for another
// server (PGHOST, PGOPTIONS, PGSSLMODE, …) leaks into this one or into the clients run on it.
QProcessEnvironment cleanEnvironment() {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& key : environment.keys())
        if (key.startsWith(QLatin1String("PG")))
            environment.remove(key);
    return environment;
}

} // namespace

PostgresServer::PostgresServer(QString dataDir)
    : dataDir_(QFileInfo(dataDir).absoluteFilePath()), clusterDir_(dataDir_ + "/pgdata"),
      logPath_(dataDir_ + "/postgres.log") {}

PostgresServer::~PostgresServer() {
    kill();
    if (!orphans_.waitForExit(QDeadlineTimer(exitTimeoutMs)))
        orphans_.killAndWait(QDeadlineTimer(exitTimeoutMs));
}

QString PostgresServer::binDir() {
    return QStringLiteral("/usr/lib/postgresql/15/bin");
}

bool PostgresServer::start() {
    error_.clear();
    if (postmaster_) {
        error_ = QStringLiteral("the server is already running");
        return false;
    }
    // The old server's children still hold its shared memory until they exit, and a new
    // postmaster refuses to start beside them.
    if (!orphans_.waitForExit(QDeadlineTimer(exitTimeoutMs))) {
        error_ = QStringLiteral("processes of the killed server still run after %1 s")
                     .arg(exitTimeoutMs / 1000);
        return false;
    }
    for (const char* tool : {"initdb", "postgres", "pg_isready", "psql"})
        if (!QFileInfo(binDir() + '/' + tool).isExecutable()) {
            error_ = QStringLiteral("%1/%2 is missing: PostgreSQL 15 is not installed "
                                    "(packaging/install-deps.sh installs postgresql-15)")
                         .arg(binDir(), tool);
            return false;
        }
    if (!prepareDirectories())
        return false;
    const bool fresh = !QFile::exists(clusterDir_ + "/PG_VERSION");
    if (fresh && !initCluster())
        return false;

    // A first start chooses the port, and another when a process took it between our probe and
    // the server binding it; a restart keeps the port, as clients know it.
    const bool choosePort = port_ == 0;
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (choosePort)
            port_ = freePort();
        const qint64 logStart = QFileInfo(logPath_).size();
        if (!launch())
            return false;
        switch (waitUntilAccepting()) {
        case Readiness::Accepting:
            if (fresh && !createDatabase()) {
                // Start the next time from a new cluster rather than one without the database.
                kill();
                orphans_.waitForExit(QDeadlineTimer(exitTimeoutMs));
                QDir(clusterDir_).removeRecursively();
                return false;
            }
            return true;
        case Readiness::TimedOut:
            error_ = QStringLiteral("postgres did not accept connections on port %1 within %2 s; "
                                    "its log ends:\n%3")
                         .arg(port_)
                         .arg(acceptTimeoutMs / 1000)
                         .arg(logTail());
            kill();
            return false;
        case Readiness::Exited: {
            error_ = QStringLiteral("postgres exited (code %1) before accepting connections on "
                                    "port %2; its log ends:\n%3")
                         .arg(postmaster_->exitCode())
                         .arg(port_)
                         .arg(logTail());
            postmaster_.reset();
            QFile log(logPath_);
            const bool portTaken = log.open(QIODevice::ReadOnly) && log.seek(logStart) &&
                                   log.readAll().contains("Address already in use");
            if (!(choosePort && portTaken))
                return false;
            break;
        }
        }
    }
    return false;
}

void PostgresServer::kill() {
    if (!postmaster_)
        return;
    if (postmaster_->state() != QProcess::NotRunning) {
        const auto pid = static_cast<pid_t>(postmaster_->processId());
        // Stopped, the postmaster forks no new child and reaps no old one until it dies, so the
        // children listed now are all of them and their pids stay theirs.
        // waitid returns once it has stopped (or died), and reaps nothing (WNOWAIT).
        ::kill(pid, SIGSTOP);
        siginfo_t state{};
        ::waitid(P_PID, static_cast<id_t>(pid), &state, WSTOPPED | WEXITED | WNOWAIT);
        orphans_.append(ChildProcesses::of(pid));
        postmaster_->kill();
        postmaster_->waitForFinished(exitTimeoutMs);
    }
    postmaster_.reset();
}

bool PostgresServer::restart() {
    kill();
    return start();
}

QString PostgresServer::log() const {
    QFile file(logPath_);
    return file.open(QIODevice::ReadOnly) ? QString::fromLocal8Bit(file.readAll()) : QString();
}

std::vector<pid_t> PostgresServer::processes() const {
    if (!postmaster_ || postmaster_->state() == QProcess::NotRunning)
        return {};
    const auto pid = static_cast<pid_t>(postmaster_->processId());
    std::vector<pid_t> processes{pid};
    for (const pid_t child : ChildProcesses::pidsOf(pid))
        processes.push_back(child);
    return processes;
}

bool PostgresServer::prepareDirectories() {
    const ClusterAccount account = clusterAccount();
    if (!account.error.isEmpty()) {
        error_ = account.error;
        return false;
    }
    if (!QDir().mkpath(dataDir_) ||
        (!QFileInfo::exists(clusterDir_) && !QDir().mkdir(clusterDir_))) {
        error_ = QStringLiteral("cannot create %1").arg(clusterDir_);
        return false;
    }
    // PostgreSQL wants its data directory private to the user it runs as.
    const QByteArray cluster = QFile::encodeName(clusterDir_);
    if (::chmod(cluster.constData(), S_IRWXU) != 0 ||
        (account.switchUser && ::chown(cluster.constData(), account.uid, account.gid) != 0)) {
        error_ = QStringLiteral("cannot give %1 to the user PostgreSQL runs as").arg(clusterDir_);
        return false;
    }
    if (!account.switchUser)
        return true;
    // Run as postgres, the server must pass through the test's directory, which a QTemporaryDir
    // makes private to root (0700): let others enter it (not list it). Its parents are left as
    // they are, so the data dir belongs somewhere others may enter already, such as /tmp.
    struct stat info {};
    const QByteArray data = QFile::encodeName(dataDir_);
    if (::stat(data.constData(), &info) != 0 ||
        ::chmod(data.constData(), (info.st_mode & 07777) | S_IXOTH) != 0) {
        error_ = QStringLiteral("cannot let the postgres user enter %1").arg(dataDir_);
        return false;
    }
    for (QDir dir = QFileInfo(dataDir_).dir(); !dir.isRoot(); dir = QFileInfo(dir.path()).dir())
        if (!searchable(dir.path(), account)) {
            error_ = QStringLiteral("PostgreSQL runs as the postgres user, which may not enter %1: "
                                    "put the data dir where others may enter, such as /tmp")
                         .arg(dir.path());
            return false;
        }
    return true;
}

bool PostgresServer::initCluster() {
    auto initdb = clusterProcess();
    // The bootstrap superuser is the tests' role, so "topcoat" exists from the start. No sync:
    // a test kills processes, not the machine, so the page cache holds what initdb wrote.
    initdb->start(binDir() + "/initdb",
                  {QStringLiteral("--pgdata=") + clusterDir_,
                   QStringLiteral("--username=") + user(), QStringLiteral("--auth=trust"),
                   QStringLiteral("--encoding=UTF8"), QStringLiteral("--locale=C"),
                   QStringLiteral("--no-sync")});
    const bool finished =
        initdb->waitForStarted(clientTimeoutMs) && initdb->waitForFinished(initTimeoutMs);
    if (finished && initdb->exitStatus() == QProcess::NormalExit && initdb->exitCode() == 0)
        return true;
    error_ = QStringLiteral("initdb failed (%1); the log ends:\n%2")
                 .arg(finished ? QStringLiteral("exit code %1").arg(initdb->exitCode())
                               : initdb->errorString())
                 .arg(logTail());
    initdb->kill();
    initdb->waitForFinished(exitTimeoutMs);
    QDir(clusterDir_).removeRecursively(); // the next start begins again from nothing
    return false;
}

bool PostgresServer::launch() {
    postmaster_ = clusterProcess();
    // The socket lives in the cluster, so that servers never share a socket directory.
    postmaster_->start(binDir() + "/postgres",
                       {QStringLiteral("-D"), clusterDir_, QStringLiteral("-p"),
                        QString::number(port_), QStringLiteral("-k"), clusterDir_,
                        QStringLiteral("-c"), QStringLiteral("listen_addresses=127.0.0.1"),
                        QStringLiteral("-c"), QStringLiteral("fsync=on")});
    if (postmaster_->waitForStarted(clientTimeoutMs))
        return true;
    error_ = QStringLiteral("postgres did not start: ") + postmaster_->errorString();
    postmaster_.reset();
    return false;
}

PostgresServer::Readiness PostgresServer::waitUntilAccepting() {
    const QDeadlineTimer deadline(acceptTimeoutMs);
    while (!deadline.hasExpired()) {
        QProcess probe;
        probe.setProcessEnvironment(cleanEnvironment());
        // Accepting, not merely listening: during start-up and crash recovery the server
        // listens but turns connections away, and pg_isready tells the two apart.
        probe.start(binDir() + "/pg_isready",
                    {QStringLiteral("--quiet"), QStringLiteral("--host=127.0.0.1"),
                     QStringLiteral("--port=") + QString::number(port_),
                     QStringLiteral("--username=") + user(), QStringLiteral("--dbname=postgres"),
                     QStringLiteral("--timeout=5")});
        if (probe.waitForFinished(clientTimeoutMs) && probe.exitStatus() == QProcess::NormalExit &&
            probe.exitCode() == 0)
            return Readiness::Accepting;
        // Waits on the postmaster's death between probes, which also paces them.
        if (postmaster_->state() == QProcess::NotRunning || postmaster_->waitForFinished(50))
            return Readiness::Exited;
    }
    return Readiness::TimedOut;
}

bool PostgresServer::createDatabase() {
    QProcess psql;
    psql.setProcessEnvironment(cleanEnvironment());
    psql.setProcessChannelMode(QProcess::MergedChannels);
    psql.start(binDir() + "/psql",
               {QStringLiteral("--no-psqlrc"), QStringLiteral("--quiet"),
                QStringLiteral("--set=ON_ERROR_STOP=1"), QStringLiteral("--host=127.0.0.1"),
                QStringLiteral("--port=") + QString::number(port_),
                QStringLiteral("--username=") + user(), QStringLiteral("--dbname=postgres"),
                QStringLiteral("--command=CREATE DATABASE %1 OWNER %2").arg(database(), user())});
    if (psql.waitForFinished(clientTimeoutMs) && psql.exitStatus() == QProcess::NormalExit &&
        psql.exitCode() == 0)
        return true;
    error_ = QStringLiteral("creating the database %1 failed: %2")
                 .arg(database(), QString::fromLocal8Bit(psql.readAll()) + psql.errorString());
    return false;
}

std::unique_ptr<QProcess> PostgresServer::clusterProcess() const {
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(cleanEnvironment());
    process->setProcessChannelMode(QProcess::MergedChannels);
    process->setStandardInputFile(QProcess::nullDevice());
    // A file, not a pipe: the postmaster's children inherit it and outlive a killed postmaster.
    process->setStandardOutputFile(logPath_, QIODevice::Append);
    process->setWorkingDirectory(clusterDir_);
    const ClusterAccount account = clusterAccount();
    const pid_t test = ::getpid();
    // Runs in the child between fork and exec: only async-signal-safe calls. The user is
    // switched here rather than through runuser, which would stay the parent of the server, so
    // that the process QProcess holds (and kills) is initdb or the postmaster itself.
    process->setChildProcessModifier([account, test] {
        if (account.switchUser && (::setgroups(1, &account.gid) != 0 ||
                                   ::setgid(account.gid) != 0 || ::setuid(account.uid) != 0)) {
            static const char message[] = "PostgresServer: cannot switch to the postgres user\n";
            [[maybe_unused]] auto written = ::write(STDERR_FILENO, message, sizeof message - 1);
            ::_exit(127);
        }
        // Set after the switch, which clears it: a test that dies (or a ctest timeout) takes its
        // server with it.
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != test)
            ::_exit(127); // the test died before the line above
    });
    return process;
}

QString PostgresServer::logTail() const {
    const QStringList lines = log().split('\n', Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - logTailLines)).join('\n');
}

} // namespace topcoat::test

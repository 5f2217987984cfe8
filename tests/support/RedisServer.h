#pragma once

// A real redis-server child process for tests: on a free loopback port, its data (an
// append-only file) in a directory of the test's, and restartable on the same port with or
// without that data, as a crashed or wiped Redis comes back.

#include <QProcess>
#include <QString>
#include <cstdint>
#include <memory>

namespace topcoat::test {

class RedisServer {
public:
    explicit RedisServer(QString dataDir);
    ~RedisServer(); // kills the server if still running

    // Starts and waits until it answers PING; false (with the reason in `error()`) if not.
    bool start();
    // SIGKILL, as a crash would.
    void kill();
    // kill(), then start() on the same port: `keepData` keeps the append-only file (a crash),
    // otherwise the data dir is emptied first (a Redis that lost everything).
    bool restart(bool keepData);

    std::uint16_t port() const { return port_; }
    QString url() const { return QStringLiteral("redis://127.0.0.1:%1").arg(port_); }
    QString error() const { return error_; }
    // redis-server from Debian's package, or as found on PATH.
    static QString binary();

private:
    bool answersPing(int timeoutMs) const;

    QString dataDir_;
    std::unique_ptr<QProcess> process_;
    std::uint16_t port_ = 0;
    QString error_;
};

} // namespace topcoat::test

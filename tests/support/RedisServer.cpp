#include "RedisServer.h"

#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StreamSocket.h>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QStandardPaths>
#include <QThread>

namespace topcoat::test {
namespace {

std::uint16_t freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

} // namespace

RedisServer::RedisServer(QString dataDir) : dataDir_(std::move(dataDir)) {}

RedisServer::~RedisServer() {
    kill();
}

QString RedisServer::binary() {
    if (QFile::exists(QStringLiteral("/usr/bin/redis-server")))
        return QStringLiteral("/usr/bin/redis-server");
    return QStandardPaths::findExecutable(QStringLiteral("redis-server"));
}

bool RedisServer::start() {
    QDir().mkpath(dataDir_);
    // A port another process took between our probe and redis binding it: try another.
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (port_ == 0 || attempt > 0)
            port_ = freePort();
        process_ = std::make_unique<QProcess>();
        process_->setProcessChannelMode(QProcess::MergedChannels);
        process_->start(binary(),
                        {QStringLiteral("--port"), QString::number(port_), QStringLiteral("--bind"),
                         QStringLiteral("127.0.0.1"), QStringLiteral("--dir"), dataDir_,
                         QStringLiteral("--save"), QStringLiteral(""),
                         QStringLiteral("--appendonly"), QStringLiteral("yes"),
                         QStringLiteral("--appendfsync"), QStringLiteral("everysec"),
                         QStringLiteral("--daemonize"), QStringLiteral("no"),
                         QStringLiteral("--protected-mode"), QStringLiteral("yes")});
        if (!process_->waitForStarted(10000)) {
            error_ = QStringLiteral("redis-server did not start: ") + process_->errorString();
            return false;
        }
        if (answersPing(10000))
            return true;
        error_ = QString::fromLocal8Bit(process_->readAll());
        kill();
    }
    return false;
}

void RedisServer::kill() {
    if (!process_)
        return;
    if (process_->state() != QProcess::NotRunning) {
        process_->kill();
        process_->waitForFinished(10000);
    }
    process_.reset();
}

bool RedisServer::restart(bool keepData) {
    kill();
    if (!keepData)
        for (const auto& entry : QDir(dataDir_).entryList(QDir::AllEntries | QDir::NoDotAndDotDot))
            QFileInfo(dataDir_ + '/' + entry).isDir()
                ? QDir(dataDir_ + '/' + entry).removeRecursively()
                : QFile::remove(dataDir_ + '/' + entry);
    return start();
}

bool RedisServer::answersPing(int timeoutMs) const {
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        if (process_->state() == QProcess::NotRunning)
            return false;
        try {
            Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", port_));
            socket.setReceiveTimeout(Poco::Timespan(2, 0));
            socket.sendBytes("PING\r\n", 6);
            char reply[16] = {};
            if (socket.receiveBytes(reply, sizeof reply - 1) > 0 &&
                std::string_view(reply).rfind("+PONG", 0) == 0)
                return true;
        } catch (const Poco::Exception&) {
            // not listening yet (or still loading its data: "-LOADING")
        }
        QThread::msleep(20);
    }
    return false;
}

} // namespace topcoat::test

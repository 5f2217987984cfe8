#include "TopcoatdProcess.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QRegularExpression>
#include <QThread>
#include <csignal>

namespace topcoat::test {

TopcoatdProcess::TopcoatdProcess(QString dataDir, QStringList extraArguments,
                                 std::string adminToken)
    : dataDir_(std::move(dataDir)), extra_(std::move(extraArguments)),
      token_(std::move(adminToken)) {}

TopcoatdProcess::~TopcoatdProcess() {
    if (process_ && process_->state() != QProcess::NotRunning)
        kill();
}

QString TopcoatdProcess::stderrPath() const {
    return dataDir_ + QStringLiteral("/stderr.log");
}

QString TopcoatdProcess::readStderr() const {
    QFile file(stderrPath());
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QString TopcoatdProcess::binary() {
    const auto fromEnvironment = qEnvironmentVariable("TOPCOATD");
    return fromEnvironment.isEmpty() ? QStringLiteral("topcoatd") : fromEnvironment;
}

bool TopcoatdProcess::start(int timeoutMs) {
    QDir().mkpath(dataDir_);
    process_ = std::make_unique<QProcess>();
    process_->setProcessChannelMode(QProcess::SeparateChannels);
    // Logs go to a file: an unread pipe would fill up and block the server mid-test.
    process_->setStandardErrorFile(stderrPath(), QIODevice::Append);
    QStringList arguments{"--data-dir", dataDir_, "--port", "0", "--admin-port", "0"};
    if (!token_.empty())
        arguments << "--admin-token" << QString::fromStdString(token_);
    arguments << extra_;
    process_->start(binary(), arguments);
    if (!process_->waitForStarted(timeoutMs)) {
        error_ = QStringLiteral("cannot start %1: %2").arg(binary(), process_->errorString());
        return false;
    }

    static const QRegularExpression storefront(
        QStringLiteral(R"(^storefront listening on http://[^:]+:(\d+)$)"),
        QRegularExpression::MultilineOption);
    static const QRegularExpression admin(
        QStringLiteral(R"(^admin listening on http://[^:]+:(\d+)$)"),
        QRegularExpression::MultilineOption);
    const QDeadlineTimer deadline(timeoutMs);
    while (!deadline.hasExpired()) {
        process_->waitForReadyRead(100);
        output_ += QString::fromUtf8(process_->readAllStandardOutput());
        const auto s = storefront.match(output_);
        const auto a = admin.match(output_);
        if (s.hasMatch() && a.hasMatch()) {
            port_ = static_cast<std::uint16_t>(s.captured(1).toUInt());
            adminPort_ = static_cast<std::uint16_t>(a.captured(1).toUInt());
            return true;
        }
        if (process_->state() == QProcess::NotRunning)
            break;
    }
    error_ = QStringLiteral("topcoatd did not come up. stdout:\n%1\nstderr:\n%2")
                 .arg(output_, readStderr());
    return false;
}

int TopcoatdProcess::terminate(int timeoutMs) {
    if (!process_ || process_->state() == QProcess::NotRunning)
        return -1;
    ::kill(static_cast<pid_t>(process_->processId()), SIGTERM);
    if (!process_->waitForFinished(timeoutMs))
        return -1;
    output_ += QString::fromUtf8(process_->readAllStandardOutput());
    return process_->exitStatus() == QProcess::NormalExit ? process_->exitCode() : -1;
}

void TopcoatdProcess::kill() {
    if (!process_)
        return;
    process_->kill(); // SIGKILL
    process_->waitForFinished(10000);
}

} // namespace topcoat::test

#include "SmtpServer.h"

#include <Poco/Net/ServerSocket.h>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <csignal>
#include <sys/prctl.h>
#include <unistd.h>

namespace topcoat::test {
namespace {

// Generous, for a CI machine running several servers on two busy cores.
constexpr int listenTimeoutMs = 30000;
constexpr int toolTimeoutMs = 60000;
constexpr int exitTimeoutMs = 10000;
constexpr int logTailLines = 20;
constexpr int exitPortTaken = 3; // smtp_server.py's exit code when the port is taken

std::uint16_t freePort() {
    Poco::Net::ServerSocket socket(Poco::Net::SocketAddress("127.0.0.1", 0));
    return socket.address().port();
}

QString securityArgument(SmtpServer::Security security) {
    switch (security) {
    case SmtpServer::Security::Plain:
        return QStringLiteral("plain");
    case SmtpServer::Security::StartTls:
        return QStringLiteral("starttls");
    case SmtpServer::Security::ImplicitTls:
        return QStringLiteral("smtps");
    }
    Q_UNREACHABLE();
}

// The names of the complete messages in `dir`: a .json is renamed into place after its .eml.
QStringList recordsIn(const QString& dir) {
    return QDir(dir).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
}

QString stringOf(const QJsonObject& object, const char* key) {
    return object.value(QLatin1String(key)).toString();
}

SmtpMessage messageFrom(const QJsonObject& record, QByteArray raw) {
    SmtpMessage message;
    message.mailFrom = stringOf(record, "mail_from");
    for (const QJsonValue& recipient : record.value(QLatin1String("rcpt_tos")).toArray())
        message.recipients << recipient.toString();
    message.overTls = record.value(QLatin1String("tls")).toBool();
    message.login = stringOf(record, "login");
    message.raw = std::move(raw);
    for (const QJsonValue& header : record.value(QLatin1String("headers")).toArray())
        message.headers.append(
            {header.toArray().at(0).toString(), header.toArray().at(1).toString()});
    message.subject = stringOf(record, "subject");
    message.from = stringOf(record, "from");
    message.to = stringOf(record, "to");
    message.messageId = stringOf(record, "message_id");
    message.contentType = stringOf(record, "content_type");
    message.text = stringOf(record, "text");
    message.html = stringOf(record, "html");
    message.parseError = stringOf(record, "parse_error");
    return message;
}

} // namespace

QString SmtpMessage::header(const QString& name) const {
    for (const auto& [key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

SmtpServer::SmtpServer(QString dir, Security security)
    : dir_(QFileInfo(dir).absoluteFilePath()), security_(security) {}

SmtpServer::~SmtpServer() {
    kill();
}

void SmtpServer::requireAuth(QString user, QString password) {
    user_ = std::move(user);
    password_ = std::move(password);
}

QString SmtpServer::script() {
    return QStringLiteral(TOPCOAT_SMTP_SERVER_SCRIPT);
}

QString SmtpServer::url() const {
    const bool implicitTls = security_ == Security::ImplicitTls;
    return QStringLiteral("%1://%2:%3")
        .arg(implicitTls ? QStringLiteral("smtps") : QStringLiteral("smtp"), host())
        .arg(port_);
}

QString SmtpServer::certificatePath() const {
    return security_ == Security::Plain ? QString() : dir_ + "/cert.pem";
}

bool SmtpServer::start() {
    error_.clear();
    if (running()) {
        error_ = QStringLiteral("the server is already running");
        return false;
    }
    if (!QFileInfo(python()).isExecutable() || !QFileInfo::exists(script()) ||
        !QFileInfo::exists(QStringLiteral("/usr/lib/python3/dist-packages/aiosmtpd"))) {
        error_ = QStringLiteral("%1, %2 or Debian's python3-aiosmtpd is missing "
                                "(packaging/install-deps.sh installs python3-aiosmtpd)")
                     .arg(python(), script());
        return false;
    }
    if (!QDir().mkpath(dir_)) {
        error_ = QStringLiteral("cannot create %1").arg(dir_);
        return false;
    }
    if (security_ != Security::Plain && !QFileInfo::exists(certificatePath()) && !makeCertificate())
        return false;

    // A first start chooses the port, and another when a process took it between our probe and
    // the server binding it; a restart keeps the port, as clients know it.
    const bool choosePort = port_ == 0;
    for (int attempt = 0; attempt < 5; ++attempt) {
        if (choosePort)
            port_ = freePort();
        if (!launch())
            return false;
        const Readiness readiness = waitUntilListening();
        if (readiness == Readiness::Listening)
            return true;
        kill();
        if (readiness == Readiness::Failed || !choosePort)
            return false;
    }
    return false;
}

void SmtpServer::kill() {
    if (!process_)
        return;
    if (process_->state() != QProcess::NotRunning) {
        process_->kill();
        process_->waitForFinished(exitTimeoutMs);
    }
    process_.reset();
}

bool SmtpServer::restart() {
    kill();
    return start();
}

bool SmtpServer::running() const {
    return process_ && process_->state() != QProcess::NotRunning;
}

qint64 SmtpServer::processId() const {
    return running() ? process_->processId() : 0;
}

bool SmtpServer::refuseNext(int count) {
    // Renamed into place, so that the server never reads a half-written number.
    QSaveFile file(dir_ + "/refuse-next");
    return file.open(QIODevice::WriteOnly) && file.write(QByteArray::number(count) + '\n') > 0 &&
           file.commit();
}

std::vector<SmtpMessage> SmtpServer::messages() const {
    const QString dir = dir_ + "/messages";
    std::vector<SmtpMessage> messages;
    for (const QString& name : recordsIn(dir)) {
        QFile record(dir + '/' + name);
        QFile raw(dir + '/' + QFileInfo(name).completeBaseName() + ".eml");
        if (!record.open(QIODevice::ReadOnly) || !raw.open(QIODevice::ReadOnly))
            continue; // both are there once the record is, unless someone deleted them
        QJsonParseError parseError{};
        const QJsonDocument json = QJsonDocument::fromJson(record.readAll(), &parseError);
        SmtpMessage message = messageFrom(json.object(), raw.readAll());
        if (parseError.error != QJsonParseError::NoError)
            message.parseError = QStringLiteral("%1: %2").arg(name, parseError.errorString());
        messages.push_back(std::move(message));
    }
    return messages;
}

int SmtpServer::count() const {
    return static_cast<int>(recordsIn(dir_ + "/messages").size());
}

int SmtpServer::refusedCount() const {
    return static_cast<int>(recordsIn(dir_ + "/refused").size());
}

QString SmtpServer::log() const {
    QFile file(dir_ + "/smtp.log");
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

bool SmtpServer::makeCertificate() {
    // EC, as it is made in milliseconds where RSA keys can take a busy core a second or more.
    QProcess openssl;
    openssl.setProcessChannelMode(QProcess::MergedChannels);
    openssl.start(QStringLiteral("/usr/bin/openssl"),
                  {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                   QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                   QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                   QStringLiteral("-keyout"), dir_ + "/key.pem", QStringLiteral("-out"),
                   dir_ + "/cert.pem.tmp", QStringLiteral("-days"), QStringLiteral("30"),
                   QStringLiteral("-subj"), QStringLiteral("/CN=localhost"),
                   QStringLiteral("-addext"),
                   QStringLiteral("subjectAltName=DNS:localhost,IP:127.0.0.1")});
    const bool finished = openssl.waitForFinished(toolTimeoutMs);
    if (finished && openssl.exitStatus() == QProcess::NormalExit && openssl.exitCode() == 0 &&
        QFile::rename(dir_ + "/cert.pem.tmp", certificatePath()))
        return true;
    error_ = QStringLiteral("openssl could not make a certificate: ") +
             QString::fromLocal8Bit(openssl.readAll()) + openssl.errorString();
    openssl.kill();
    openssl.waitForFinished(exitTimeoutMs);
    return false;
}

bool SmtpServer::launch() {
    // Isolated (-I): no PYTHONPATH nor user site-packages, so that Debian's aiosmtpd is the one
    // imported.
    QStringList arguments{QStringLiteral("-I"), script(), QStringLiteral("--port=%1").arg(port_),
                          QStringLiteral("--dir=") + dir_,
                          QStringLiteral("--security=") + securityArgument(security_)};
    if (security_ != Security::Plain)
        arguments << QStringLiteral("--cert=") + certificatePath()
                  << QStringLiteral("--key=") + dir_ + "/key.pem";
    if (!user_.isEmpty())
        arguments << QStringLiteral("--user=") + user_ << QStringLiteral("--password=") + password_;

    process_ = std::make_unique<QProcess>();
    process_->setStandardInputFile(QProcess::nullDevice());
    // stdout carries only the "ready" line; the log goes to a file, so that a test that does
    // not read it never fills a pipe and stalls the server.
    process_->setStandardErrorFile(dir_ + "/smtp.log", QIODevice::Append);
    const pid_t test = ::getpid();
    // Runs in the child between fork and exec: a test that dies (or a ctest timeout) takes its
    // server with it.
    process_->setChildProcessModifier([test] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != test)
            ::_exit(127); // the test died before the line above
    });
    process_->start(python(), arguments);
    if (process_->waitForStarted(listenTimeoutMs))
        return true;
    error_ = QStringLiteral("%1 did not start: %2").arg(python(), process_->errorString());
    process_.reset();
    return false;
}

SmtpServer::Readiness SmtpServer::waitUntilListening() {
    const QDeadlineTimer deadline(listenTimeoutMs);
    while (!deadline.hasExpired()) {
        if (process_->canReadLine()) {
            if (process_->readLine().startsWith("ready "))
                return Readiness::Listening;
            continue;
        }
        if (process_->state() == QProcess::NotRunning) {
            const bool portTaken = process_->exitStatus() == QProcess::NormalExit &&
                                   process_->exitCode() == exitPortTaken;
            error_ = QStringLiteral("the SMTP server exited (code %1) before listening on port %2; "
                                    "its log ends:\n%3")
                         .arg(process_->exitCode())
                         .arg(port_)
                         .arg(logTail());
            return portTaken ? Readiness::PortTaken : Readiness::Failed;
        }
        process_->waitForReadyRead(100); // returns at once when the server exits
    }
    error_ = QStringLiteral("the SMTP server did not listen on port %1 within %2 s; its log "
                            "ends:\n%3")
                 .arg(port_)
                 .arg(listenTimeoutMs / 1000)
                 .arg(logTail());
    return Readiness::Failed;
}

QString SmtpServer::logTail() const {
    const QStringList lines = log().split('\n', Qt::SkipEmptyParts);
    return lines.mid(std::max<qsizetype>(0, lines.size() - logTailLines)).join('\n');
}

} // namespace topcoat::test

#include "NginxFrontend.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>

namespace topcoat::test {
namespace {

std::uint16_t freePort() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool accepts(std::uint16_t port) {
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    return socket.waitForConnected(200);
}

} // namespace

NginxFrontend::NginxFrontend(QStringList sites, std::uint16_t storefrontPort,
                             std::uint16_t adminPort)
    : sites_(std::move(sites)), storefrontPort_(storefrontPort), adminPort_(adminPort) {}

NginxFrontend::~NginxFrontend() {
    if (nginx_ && nginx_->state() != QProcess::NotRunning) {
        nginx_->terminate();
        if (!nginx_->waitForFinished(5000))
            nginx_->kill();
        nginx_->waitForFinished(5000);
    }
}

bool NginxFrontend::run(const QString& program, const QStringList& arguments) {
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(program, arguments);
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit ||
        process.exitCode() != 0) {
        error_ = program + QStringLiteral(" failed: ") + QString::fromUtf8(process.readAll()) +
                 process.errorString();
        return false;
    }
    return true;
}

bool NginxFrontend::writeSite(const QString& source, const QString& target) {
    QFile siteFile(source);
    if (!siteFile.open(QIODevice::ReadOnly)) {
        error_ = QStringLiteral("cannot read ") + source;
        return false;
    }
    QString site = QString::fromUtf8(siteFile.readAll());
    // Each value a shop replaces, and what it becomes here. A value the site no longer holds
    // fails the start, so the test cannot drift from the file without noticing.
    const QString d = dir_.path();
    QList<std::pair<QString, QString>> replacements = extra_;
    replacements += QList<std::pair<QString, QString>>{
        {QStringLiteral("/etc/letsencrypt/live/shop.example.com/fullchain.pem"),
         d + QStringLiteral("/shop.pem")},
        {QStringLiteral("/etc/letsencrypt/live/shop.example.com/privkey.pem"),
         d + QStringLiteral("/shop.key")},
        {QStringLiteral("/etc/topcoat/admin-clients-ca.pem"),
         d + QStringLiteral("/clients-ca.pem")},
        {QStringLiteral("shop.example.com"), hostName()},
        {QStringLiteral("/var/lib/nginx/topcoat-cache"), d + QStringLiteral("/cache")},
        {QStringLiteral("/var/www/html"), d},
        {QStringLiteral("127.0.0.1:8080;"), QStringLiteral("127.0.0.1:%1;").arg(storefrontPort_)},
        {QStringLiteral("127.0.0.1:8081;"), QStringLiteral("127.0.0.1:%1;").arg(adminPort_)},
        {QStringLiteral("listen 80;"), QStringLiteral("listen 127.0.0.1:%1;").arg(httpPort_)},
        {QStringLiteral("listen 443 "), QStringLiteral("listen 127.0.0.1:%1 ").arg(httpsPort_)},
        {QStringLiteral("listen 8443 "),
         QStringLiteral("listen 127.0.0.1:%1 ").arg(adminHttpsPort_)},
    };
    bool replacedAny = false;
    for (const auto& [from, to] : replacements) {
        if (site.contains(from))
            replacedAny = true;
        site.replace(from, to);
    }
    // This machine may have no IPv6 loopback; the IPv4 listeners above cover the test.
    static const QRegularExpression ipv6Listen(QStringLiteral("\\n\\s*listen \\[::\\]:[^\\n]*"));
    site.remove(ipv6Listen);
    if (!replacedAny || site.contains(QStringLiteral("example.com"))) {
        error_ = source + QStringLiteral(" no longer has the values this test replaces");
        return false;
    }
    QFile siteOut(target);
    return siteOut.open(QIODevice::WriteOnly) && siteOut.write(site.toUtf8()) > 0;
}

bool NginxFrontend::writeConfiguration() {
    const QString d = dir_.path();
    QString includes;
    for (int i = 0; i < sites_.size(); ++i) {
        const auto target = QStringLiteral("%1/site%2.conf").arg(d).arg(i);
        if (!writeSite(sites_[i], target))
            return false;
        includes += QStringLiteral("  include %1;\n").arg(target);
    }
    QFile main(dir_.filePath(QStringLiteral("nginx.conf")));
    const auto mainText = QStringLiteral("daemon off;\nmaster_process off;\n"
                                         "pid %1/nginx.pid;\nerror_log %1/error.log info;\n"
                                         "events { worker_connections 1024; }\n"
                                         "http {\n  access_log off;\n"
                                         "  client_body_temp_path %1/body;\n"
                                         "  proxy_temp_path %1/proxy;\n"
                                         "  fastcgi_temp_path %1/fastcgi;\n"
                                         "  uwsgi_temp_path %1/uwsgi;\n"
                                         "  scgi_temp_path %1/scgi;\n%2}\n")
                              .arg(d, includes);
    return main.open(QIODevice::WriteOnly) && main.write(mainText.toUtf8()) > 0;
}

bool NginxFrontend::makeCertificates() {
    const QString d = dir_.path() + QLatin1Char('/');
    const auto key = [&](const QString& name) {
        return QStringList{QStringLiteral("-newkey"),
                           QStringLiteral("ec"),
                           QStringLiteral("-pkeyopt"),
                           QStringLiteral("ec_paramgen_curve:P-256"),
                           QStringLiteral("-nodes"),
                           QStringLiteral("-keyout"),
                           d + name};
    };
    const QString openssl = QStringLiteral("openssl");
    const QStringList selfSigned = {QStringLiteral("req"), QStringLiteral("-x509"),
                                    QStringLiteral("-days"), QStringLiteral("2")};
    return run(openssl,
               selfSigned + key(QStringLiteral("shop.key")) +
                   QStringList{QStringLiteral("-subj"), QStringLiteral("/CN=") + hostName(),
                               QStringLiteral("-addext"),
                               QStringLiteral("subjectAltName=DNS:") + hostName() +
                                   QStringLiteral(",IP:127.0.0.1"),
                               QStringLiteral("-out"), d + QStringLiteral("shop.pem")}) &&
           run(openssl,
               selfSigned + key(QStringLiteral("clients-ca.key")) +
                   QStringList{QStringLiteral("-subj"),
                               QStringLiteral("/CN=Topcoat test admin clients"),
                               QStringLiteral("-out"), d + QStringLiteral("clients-ca.pem")}) &&
           run(openssl,
               QStringList{QStringLiteral("req")} + key(QStringLiteral("client.key")) +
                   QStringList{QStringLiteral("-subj"), QStringLiteral("/CN=console"),
                               QStringLiteral("-out"), d + QStringLiteral("client.csr")}) &&
           run(openssl, {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-days"),
                         QStringLiteral("2"), QStringLiteral("-in"),
                         d + QStringLiteral("client.csr"), QStringLiteral("-CA"),
                         d + QStringLiteral("clients-ca.pem"), QStringLiteral("-CAkey"),
                         d + QStringLiteral("clients-ca.key"), QStringLiteral("-CAcreateserial"),
                         QStringLiteral("-out"), d + QStringLiteral("client.pem")});
}

bool NginxFrontend::start() {
    if (!dir_.isValid()) {
        error_ = QStringLiteral("no scratch dir");
        return false;
    }
    httpsPort_ = freePort();
    httpPort_ = freePort();
    adminHttpsPort_ = freePort();
    if (!makeCertificates() || !writeConfiguration())
        return false;
    const QString d = dir_.path();
    nginx_ = std::make_unique<QProcess>();
    nginx_->setProcessChannelMode(QProcess::MergedChannels);
    nginx_->start(QStringLiteral("nginx"), {QStringLiteral("-p"), d, QStringLiteral("-c"),
                                            d + QStringLiteral("/nginx.conf")});
    const QDeadlineTimer deadline(20000);
    while (!deadline.hasExpired()) {
        if (nginx_->state() == QProcess::NotRunning)
            break;
        if (accepts(httpsPort_))
            return true;
        nginx_->waitForFinished(50);
    }
    QFile log(d + QStringLiteral("/error.log"));
    log.open(QIODevice::ReadOnly);
    error_ = QStringLiteral("nginx did not come up: ") + QString::fromUtf8(nginx_->readAll()) +
             QString::fromUtf8(log.readAll());
    return false;
}

} // namespace topcoat::test

#include "CurlClient.h"

#include <QFile>
#include <QProcess>

namespace topcoat::test {

CurlClient::CurlClient(QString caFile, QString host, std::uint16_t port)
    : ca_(std::move(caFile)), host_(std::move(host)), port_(port) {}

void CurlClient::setHeader(const QString& name, const QString& value) {
    headers_ << name + QStringLiteral(": ") + value;
}

CurlResponse CurlClient::get(const QString& path, const QStringList& headers) {
    return request(QStringLiteral("GET"), path, {}, headers);
}

CurlResponse CurlClient::post(const QString& path, const QByteArray& body,
                              const QStringList& headers) {
    return request(QStringLiteral("POST"), path, body,
                   headers + QStringList{QStringLiteral("Content-Type: application/json")});
}

CurlResponse CurlClient::request(const QString& method, const QString& path, const QByteArray& body,
                                 const QStringList& headers, const QString& scheme) {
    const auto headFile = scratch_.filePath(QStringLiteral("head"));
    const auto bodyFile = scratch_.filePath(QStringLiteral("body"));
    QFile::remove(headFile);
    QFile::remove(bodyFile);
    QStringList arguments = {
        QStringLiteral("--silent"),      QStringLiteral("--show-error"),
        QStringLiteral("--max-time"),    QStringLiteral("20"),
        QStringLiteral("--cacert"),      ca_,
        QStringLiteral("--resolve"),     QStringLiteral("%1:%2:127.0.0.1").arg(host_).arg(port_),
        QStringLiteral("--interface"),   source_,
        QStringLiteral("--request"),     method,
        QStringLiteral("--dump-header"), headFile,
        QStringLiteral("--output"),      bodyFile,
        QStringLiteral("--write-out"),   QStringLiteral("%{http_code} %{http_version}")};
    if (!clientCertificate_.isEmpty())
        arguments << QStringLiteral("--cert") << clientCertificate_ << QStringLiteral("--key")
                  << clientKey_;
    for (const auto& header : headers_ + headers)
        arguments << QStringLiteral("--header") << header;
    if (!body.isEmpty())
        arguments << QStringLiteral("--data-binary") << QStringLiteral("@-");
    arguments << QStringLiteral("%1://%2:%3%4").arg(scheme, host_).arg(port_).arg(path);

    CurlResponse response;
    QProcess curl;
    curl.start(QStringLiteral("curl"), arguments);
    curl.write(body);
    curl.closeWriteChannel();
    if (!curl.waitForFinished(30000) || curl.exitCode() != 0) {
        response.error = QStringLiteral("curl: ") + QString::fromUtf8(curl.readAllStandardError()) +
                         curl.errorString();
        return response;
    }
    const auto written = QString::fromUtf8(curl.readAllStandardOutput()).split(QLatin1Char(' '));
    response.status = written.value(0).toInt();
    response.httpVersion = written.value(1);
    QFile head(headFile);
    if (head.open(QIODevice::ReadOnly))
        for (const auto& line : QString::fromUtf8(head.readAll()).split(QStringLiteral("\r\n"))) {
            const auto colon = line.indexOf(QLatin1Char(':'));
            if (colon > 0)
                response.headers[line.left(colon).trimmed().toLower()] =
                    line.mid(colon + 1).trimmed();
        }
    QFile content(bodyFile);
    if (content.open(QIODevice::ReadOnly))
        response.body = content.readAll();
    return response;
}

} // namespace topcoat::test

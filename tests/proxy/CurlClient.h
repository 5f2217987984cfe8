#pragma once

// HTTPS requests through curl, as a browser would send them: HTTP/2 when offered, the test's own
// CA, the shop's host name resolved to loopback, and a chosen loopback source address, so one
// test can be several customers on different addresses.

#include <QByteArray>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <cstdint>

namespace topcoat::test {

struct CurlResponse {
    int status = 0;                 // 0: curl failed (see error)
    QString httpVersion;            // "2", "1.1"
    QMap<QString, QString> headers; // names lower-cased; the last of a repeated header
    QByteArray body;
    QString error;
};

class CurlClient {
public:
    CurlClient(QString caFile, QString host, std::uint16_t port);

    // The address requests come from (any 127.x.y.z works on Linux's loopback).
    void setSourceAddress(QString address) { source_ = std::move(address); }
    // A client certificate and key presented in the TLS handshake from now on.
    void setClientCertificate(QString certificate, QString key) {
        clientCertificate_ = std::move(certificate);
        clientKey_ = std::move(key);
    }
    // Sent with every request from now on.
    void setHeader(const QString& name, const QString& value);

    CurlResponse get(const QString& path, const QStringList& headers = {});
    CurlResponse post(const QString& path, const QByteArray& body, const QStringList& headers = {});
    CurlResponse request(const QString& method, const QString& path, const QByteArray& body,
                         const QStringList& headers,
                         const QString& scheme = QStringLiteral("https"));

private:
    QString ca_;
    QString host_;
    std::uint16_t port_;
    QString source_ = QStringLiteral("127.0.0.1");
    QString clientCertificate_;
    QString clientKey_;
    QStringList headers_;
    QTemporaryDir scratch_;
};

} // namespace topcoat::test

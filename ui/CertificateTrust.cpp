#include "CertificateTrust.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QObject>
#include <QRegularExpression>

namespace topcoat::ui {

QString sha256Fingerprint(const QSslCertificate& certificate) {
    if (certificate.isNull())
        return {};
    return QString::fromLatin1(certificate.digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

QString normalizedFingerprint(const QString& text) {
    auto hex = text.trimmed();
    if (const auto equals = hex.lastIndexOf(QLatin1Char('=')); equals >= 0)
        hex = hex.mid(equals + 1); // openssl's "sha256 Fingerprint=" prefix
    hex.remove(QRegularExpression(QStringLiteral("[\\s:]")));
    static const QRegularExpression sha256Hex(QStringLiteral("^[0-9A-Fa-f]{64}$"));
    if (!sha256Hex.match(hex).hasMatch())
        return {};
    return QString::fromLatin1(QByteArray::fromHex(hex.toLatin1()).toHex(':').toUpper());
}

QString pinKey(const QUrl& url) {
    return QStringLiteral("%1:%2").arg(url.host().toLower()).arg(url.port(443));
}

bool trustedByPin(const QList<QSslError>& errors, const QSslCertificate& peer,
                  const QString& pinnedFingerprint) {
    if (pinnedFingerprint.isEmpty() || peer.isNull() ||
        sha256Fingerprint(peer) != pinnedFingerprint)
        return false;
    // What a pin vouches for: who issued the certificate and which name it carries. An error
    // outside that list is not the certificate's identity and is never waived.
    static const QList<QSslError::SslError> waivable = {
        QSslError::SelfSignedCertificate,
        QSslError::SelfSignedCertificateInChain,
        QSslError::UnableToGetLocalIssuerCertificate,
        QSslError::UnableToGetIssuerCertificate,
        QSslError::UnableToVerifyFirstCertificate,
        QSslError::CertificateUntrusted,
        QSslError::HostNameMismatch,
    };
    // Not waived: an expired or not yet valid certificate, a revoked or malformed one, a
    // failed signature. The owner renews the certificate and confirms the new fingerprint.
    for (const auto& error : errors)
        if (!waivable.contains(error.error()))
            return false;
    return true;
}

QString connectionSecurity(const QUrl& adminUrl, const QString& pinnedFingerprint,
                           const QSslCertificate& clientCertificate) {
    if (adminUrl.scheme() != QLatin1String("https")) {
        const auto host = adminUrl.host();
        const bool local = host == QLatin1String("localhost") || QHostAddress(host).isLoopback();
        return local ? QObject::tr("HTTP on this computer (loopback, e.g. an SSH tunnel)")
                     : QObject::tr("Plain HTTP: the admin token crosses the network "
                                   "unencrypted. Use https:// or an SSH tunnel.");
    }
    auto text = pinnedFingerprint.isEmpty()
                    ? QObject::tr("HTTPS, certificate checked against this computer's "
                                  "trusted authorities")
                    : QObject::tr("HTTPS, certificate pinned (SHA-256 %1)").arg(pinnedFingerprint);
    if (!clientCertificate.isNull()) {
        const auto names = clientCertificate.subjectInfo(QSslCertificate::CommonName);
        text += QObject::tr("; client certificate %1")
                    .arg(names.isEmpty() ? QObject::tr("(no name)") : names.first());
    }
    return text;
}

} // namespace topcoat::ui

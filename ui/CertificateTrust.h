#pragma once

// When the console trusts a storefront's TLS certificate. A certificate signed by an authority
// this computer trusts needs nothing; any other (self-signed, a private CA, a name that does
// not match) is trusted only when it is exactly the one the owner confirmed by its SHA-256
// fingerprint, which is then pinned for that server, as SSH does with host keys.

#include <QList>
#include <QSslCertificate>
#include <QSslError>
#include <QString>
#include <QUrl>

namespace topcoat::ui {

// "AB:CD:…" (32 upper-case hex pairs), as `openssl x509 -noout -fingerprint -sha256` prints
// it, so the owner can compare it with what the server shows.
QString sha256Fingerprint(const QSslCertificate& certificate);

// Accepts a fingerprint typed or pasted in any common form ("ab:cd…", "AB CD…", "abcd…",
// "sha256 Fingerprint=AB:…"); empty when it is not 32 bytes of hex.
QString normalizedFingerprint(const QString& text);

// The key a pin is stored under: one certificate per host and port ("shop.example:8443").
QString pinKey(const QUrl& url);

// True when the handshake's errors may be ignored: the certificate is the pinned one and every
// error is only that nobody this computer trusts vouches for it (self-signed, a private CA, a
// name that does not match). An expired certificate is refused even when pinned.
bool trustedByPin(const QList<QSslError>& errors, const QSslCertificate& peer,
                  const QString& pinnedFingerprint);

// How the console's connection to `adminUrl` is protected, for the Server screen: plain HTTP
// (warned about unless it stays on this computer, e.g. an SSH tunnel), HTTPS checked by the
// system's authorities, or HTTPS with a pinned certificate; and a client certificate if one.
QString connectionSecurity(const QUrl& adminUrl, const QString& pinnedFingerprint,
                           const QSslCertificate& clientCertificate);

} // namespace topcoat::ui

// When the console trusts a server's certificate: the fingerprint is the one openssl prints,
// typed fingerprints are read in their common forms, a pin waives only "nobody vouches for this
// certificate" errors and only for that exact certificate, and the Server screen's words.

#include "ui/CertificateTrust.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat::ui;

class CertificateTrustTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QSslCertificate certificate_;
    QString opensslFingerprint_;

    bool openssl(const QStringList& arguments, QByteArray* output = nullptr) {
        QProcess process;
        process.start(QStringLiteral("openssl"), arguments);
        if (!process.waitForFinished(30000) || process.exitCode() != 0)
            return false;
        if (output)
            *output = process.readAllStandardOutput();
        return true;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        const auto pem = dir_.filePath(QStringLiteral("server.pem"));
        QVERIFY(
            openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                     QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                     QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                     QStringLiteral("-keyout"), dir_.filePath(QStringLiteral("server.key")),
                     QStringLiteral("-subj"), QStringLiteral("/CN=shop.test"),
                     QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-out"), pem}));
        QByteArray printed;
        QVERIFY(openssl({QStringLiteral("x509"), QStringLiteral("-noout"),
                         QStringLiteral("-fingerprint"), QStringLiteral("-sha256"),
                         QStringLiteral("-in"), pem},
                        &printed));
        // "sha256 Fingerprint=AB:CD:…" (older releases: "SHA256 Fingerprint=").
        opensslFingerprint_ = QString::fromLatin1(printed).section(QLatin1Char('='), 1).trimmed();
        const auto certificates = QSslCertificate::fromPath(pem);
        QCOMPARE(certificates.size(), 1);
        certificate_ = certificates.first();
    }

    void theFingerprintIsTheOneOpensslPrints() {
        QCOMPARE(sha256Fingerprint(certificate_), opensslFingerprint_);
        QCOMPARE(sha256Fingerprint(certificate_).size(), 32 * 3 - 1);
        QVERIFY(sha256Fingerprint(QSslCertificate()).isEmpty());
    }

    void typedFingerprintsAreReadInTheirCommonForms() {
        const auto canonical = opensslFingerprint_;
        auto bare = canonical;
        bare.remove(QLatin1Char(':'));
        QCOMPARE(normalizedFingerprint(bare.toLower()), canonical);
        QCOMPARE(normalizedFingerprint(QStringLiteral("  sha256 Fingerprint=") + canonical + "\n"),
                 canonical);
        QCOMPARE(
            normalizedFingerprint(canonical.toLower().replace(QLatin1Char(':'), QLatin1Char(' '))),
            canonical);
        QVERIFY(normalizedFingerprint(bare.left(62)).isEmpty());               // too short
        QVERIFY(normalizedFingerprint(bare + QStringLiteral("00")).isEmpty()); // too long
        QVERIFY(normalizedFingerprint(bare.left(63) + QLatin1Char('g')).isEmpty());
        QVERIFY(normalizedFingerprint({}).isEmpty());
    }

    void aPinWaivesOnlyThatNobodyVouchesForTheCertificate() {
        const auto pin = sha256Fingerprint(certificate_);
        const QList<QSslError> selfSigned = {
            QSslError(QSslError::SelfSignedCertificate, certificate_),
            QSslError(QSslError::HostNameMismatch, certificate_)};
        QVERIFY(trustedByPin(selfSigned, certificate_, pin));
        QVERIFY(!trustedByPin(selfSigned, certificate_, {}));       // nothing pinned
        QVERIFY(!trustedByPin(selfSigned, QSslCertificate(), pin)); // no certificate seen
        auto otherPin = pin;
        otherPin[0] = otherPin[0] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QVERIFY(!trustedByPin(selfSigned, certificate_, otherPin));

        // Pinned, but expired or otherwise broken: the owner renews it and confirms again.
        for (const auto error :
             {QSslError::CertificateExpired, QSslError::CertificateRevoked,
              QSslError::CertificateSignatureFailed, QSslError::CertificateNotYetValid}) {
            auto errors = selfSigned;
            errors.append(QSslError(error, certificate_));
            QVERIFY2(!trustedByPin(errors, certificate_, pin),
                     qPrintable(QSslError(error).errorString()));
        }
    }

    void theConnectionIsDescribedHonestly() {
        QVERIFY(connectionSecurity(QUrl(QStringLiteral("http://shop.example:8081")), {}, {})
                    .contains(QStringLiteral("unencrypted")));
        QVERIFY(connectionSecurity(QUrl(QStringLiteral("http://127.0.0.1:18081")), {}, {})
                    .contains(QStringLiteral("loopback")));
        QVERIFY(connectionSecurity(QUrl(QStringLiteral("https://shop.example:8443")), {}, {})
                    .contains(QStringLiteral("trusted authorities")));
        const auto pinned = connectionSecurity(QUrl(QStringLiteral("https://10.0.0.5:8443")),
                                               opensslFingerprint_, certificate_);
        QVERIFY(pinned.contains(opensslFingerprint_));
        QVERIFY(pinned.contains(QStringLiteral("client certificate shop.test")));
    }

    void pinsAreKeptPerHostAndPort() {
        QCOMPARE(pinKey(QUrl(QStringLiteral("https://Shop.Example:8443/x"))),
                 QStringLiteral("shop.example:8443"));
        QCOMPARE(pinKey(QUrl(QStringLiteral("https://shop.example"))),
                 QStringLiteral("shop.example:443"));
    }
};

QTEST_GUILESS_MAIN(CertificateTrustTest)
#include "test_certificate_trust.moc"

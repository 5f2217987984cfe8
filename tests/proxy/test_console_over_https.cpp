// The console's admin client attached over HTTPS to the shipped admin nginx site (client
// certificates from the shop's own CA) in front of a real topcoatd: a self-signed certificate
// is refused until its fingerprint is pinned, the pinned one is let in, a wrong pin is refused,
// and a certificate signed by an authority the computer trusts needs no pin.

#include "tests/proxy/NginxFrontend.h"
#include "tests/support/TopcoatdProcess.h"
#include "tests/ui/ClientTestKit.h"
#include "ui/AdminClient.h"
#include "ui/CertificateTrust.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QSslConfiguration>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>

using namespace topcoat::test;
using topcoat::ui::AdminClient;
using topcoat::ui::ServerStatus;
using topcoat::ui::TlsSettings;

namespace {

QString site(const char* name) {
    return QStringLiteral(TOPCOAT_SOURCE_DIR "/packaging/nginx/") + QLatin1String(name);
}

QSslCertificate certificateFrom(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QSslCertificate(&file, QSsl::Pem) : QSslCertificate();
}

QSslKey keyFrom(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QSslKey(&file, QSsl::Ec, QSsl::Pem) : QSslKey();
}

// What the owner reads on the server and types into the console.
QString opensslFingerprint(const QString& certificatePath) {
    QProcess openssl;
    openssl.start(QStringLiteral("openssl"),
                  {QStringLiteral("x509"), QStringLiteral("-noout"), QStringLiteral("-fingerprint"),
                   QStringLiteral("-sha256"), QStringLiteral("-in"), certificatePath});
    if (!openssl.waitForFinished(30000) || openssl.exitCode() != 0)
        return {};
    return topcoat::ui::normalizedFingerprint(QString::fromLatin1(openssl.readAllStandardOutput()));
}

} // namespace

class ConsoleOverHttpsTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    std::unique_ptr<TopcoatdProcess> server_;
    std::unique_ptr<NginxFrontend> nginx_;
    QNetworkAccessManager network_;
    QString shopFingerprint_;

    // A client of the admin site the way the console makes one, with its client certificate.
    std::unique_ptr<AdminClient> consoleClient(const QString& pinned, bool withCertificate = true) {
        auto client = std::make_unique<AdminClient>(network_);
        TlsSettings tls;
        tls.pinnedFingerprint = pinned;
        if (withCertificate) {
            tls.clientCertificate = certificateFrom(nginx_->clientCertificatePath());
            tls.clientKey = keyFrom(nginx_->clientKeyPath());
        }
        client->setTls(tls);
        client->setServer(
            QUrl(QStringLiteral("https://127.0.0.1:%1").arg(nginx_->adminHttpsPort())),
            QString::fromStdString(server_->adminToken()));
        return client;
    }

    static std::optional<topcoat::ui::ApiResult<ServerStatus>> statusOf(AdminClient& client) {
        return await<ServerStatus>([&](QObject* context, AdminClient::Callback<ServerStatus> done) {
            client.status(context, std::move(done));
        });
    }

private slots:
    void initTestCase() {
        QVERIFY(data_.isValid());
        server_ = std::make_unique<TopcoatdProcess>(
            data_.path(),
            QStringList{QStringLiteral("--trusted-proxies"), QStringLiteral("127.0.0.1")});
        QVERIFY2(server_->start(), qPrintable(server_->error()));
        nginx_ = std::make_unique<NginxFrontend>(
            QStringList{site("topcoat.conf"), site("topcoat-admin.conf")}, server_->port(),
            server_->adminPort());
        QVERIFY2(nginx_->start(), qPrintable(nginx_->error()));
        shopFingerprint_ = opensslFingerprint(nginx_->certificatePath());
        QVERIFY(!shopFingerprint_.isEmpty());
        QVERIFY(!certificateFrom(nginx_->clientCertificatePath()).isNull());
        QVERIFY(!keyFrom(nginx_->clientKeyPath()).isNull());
    }

    void selfSignedIsRefusedAndShownByItsFingerprint() {
        auto client = consoleClient({});
        QSignalSpy asked(client.get(), &AdminClient::untrustedCertificate);
        const auto result = statusOf(*client);
        QVERIFY(result);
        QVERIFY2(result->error && result->error->code == QStringLiteral("untrusted_certificate"),
                 describe(result).constData());
        QVERIFY(result->error->message.contains(shopFingerprint_));
        QCOMPARE(asked.count(), 1);
        const auto shown = asked.first().at(1).value<QSslCertificate>();
        QCOMPARE(topcoat::ui::sha256Fingerprint(shown), shopFingerprint_);
    }

    void thePinnedCertificateIsLetIn() {
        auto client = consoleClient(shopFingerprint_);
        QSignalSpy asked(client.get(), &AdminClient::untrustedCertificate);
        const auto result = statusOf(*client);
        QVERIFY2(result && result->ok(), describe(result).constData());
        QCOMPARE(result->value->adminPort, int(server_->adminPort()));
        QVERIFY(result->value->ready);
        QCOMPARE(asked.count(), 0);
    }

    void aWrongPinIsRefused() {
        // Another real certificate's fingerprint: what an attacker's certificate would have.
        const auto other = opensslFingerprint(nginx_->clientCertificatePath());
        QVERIFY(!other.isEmpty() && other != shopFingerprint_);
        auto client = consoleClient(other);
        const auto result = statusOf(*client);
        QVERIFY(result && result->error);
        QCOMPARE(result->error->code, QStringLiteral("untrusted_certificate"));
    }

    void theAdminSiteWantsTheClientCertificate() {
        auto client = consoleClient(shopFingerprint_, false);
        const auto result = statusOf(*client);
        QVERIFY(result && result->error);
        QCOMPARE(result->error->status, 400); // nginx: "No required SSL certificate was sent"
    }

    void aCertificateFromATrustedAuthorityNeedsNoPin() {
        // As if the shop's certificate came from an authority this computer trusts (Let's
        // Encrypt, the shop's own CA installed in the system store): it is its own issuer.
        const auto saved = QSslConfiguration::defaultConfiguration();
        auto trusting = saved;
        trusting.addCaCertificate(certificateFrom(nginx_->certificatePath()));
        QSslConfiguration::setDefaultConfiguration(trusting);
        auto client = consoleClient({});
        const auto result = statusOf(*client);
        QSslConfiguration::setDefaultConfiguration(saved);
        QVERIFY2(result && result->ok(), describe(result).constData());
    }

    void cleanupTestCase() {
        nginx_.reset();
        if (server_)
            QCOMPARE(server_->terminate(), 0);
    }
};

QTEST_GUILESS_MAIN(ConsoleOverHttpsTest)
#include "test_console_over_https.moc"

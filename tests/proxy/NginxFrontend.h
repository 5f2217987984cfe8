#pragma once

// The repository's nginx sites (packaging/nginx/) run by the real nginx in a scratch dir, in
// front of a topcoatd under test: the shipped files with only their deployment values replaced
// (name, certificates, ports, cache dir), so what is tested is what a shop installs.

#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <cstdint>
#include <memory>

namespace topcoat::test {

class NginxFrontend {
public:
    // `sites` are files under packaging/nginx/; `storefrontPort` and `adminPort` are the
    // topcoatd ports they proxy to.
    NginxFrontend(QStringList sites, std::uint16_t storefrontPort, std::uint16_t adminPort);
    ~NginxFrontend();

    // Makes a self-signed server certificate for hostName() and a CA with one client
    // certificate (for the admin site), writes the configuration and starts nginx; false with
    // error() when a value to replace is missing from a site or nginx did not come up.
    bool start();

    static QString hostName() { return QStringLiteral("shop.test"); }
    std::uint16_t httpsPort() const { return httpsPort_; }
    std::uint16_t httpPort() const { return httpPort_; }
    std::uint16_t adminHttpsPort() const { return adminHttpsPort_; }
    QString certificatePath() const { return dir_.filePath(QStringLiteral("shop.pem")); }
    // The certificate (and key) the admin site lets in, signed by clients-ca.pem.
    QString clientCertificatePath() const { return dir_.filePath(QStringLiteral("client.pem")); }
    QString clientKeyPath() const { return dir_.filePath(QStringLiteral("client.key")); }
    QString dir() const { return dir_.path(); }
    QString error() const { return error_; }

    // Replaces `from` with `to` in every site too, before the values above (another site's own
    // deployment values: the cluster's node addresses). Call before start().
    void addReplacement(QString from, QString to) { extra_.append({from, to}); }

    // Runs a program to completion (openssl); false with error() when it fails.
    bool run(const QString& program, const QStringList& arguments);

private:
    bool makeCertificates();
    bool writeSite(const QString& site, const QString& target);
    bool writeConfiguration();

    QStringList sites_;
    QList<std::pair<QString, QString>> extra_;
    std::uint16_t storefrontPort_;
    std::uint16_t adminPort_;
    std::uint16_t httpsPort_ = 0;
    std::uint16_t httpPort_ = 0;
    std::uint16_t adminHttpsPort_ = 0;
    QTemporaryDir dir_;
    std::unique_ptr<QProcess> nginx_;
    QString error_;
};

} // namespace topcoat::test

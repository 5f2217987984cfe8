#pragma once

// The console's remembered choices, typed, on top of QSettings: which storefront it manages
// (the embedded one or a remote topcoatd), where, and how that server is trusted. The admin
// token is a secret and is not kept in the settings file but in a 0600 file beside it.

#include <QSettings>
#include <QString>
#include <QUrl>

namespace topcoat::ui {

class ConsoleSettings {
public:
    // Uses the application's default QSettings location (organisation/application names).
    ConsoleSettings();
    // For tests: a settings file of their own.
    explicit ConsoleSettings(const QString& iniPath);

    bool useRemote() const;
    void setUseRemote(bool remote);

    QUrl remoteAdminUrl() const;
    void setRemoteAdminUrl(const QUrl& url);

    QString remoteToken() const;
    // False (with `error`) when the token file could not be written.
    bool setRemoteToken(const QString& token, QString* error = nullptr);
    QString tokenPath() const;

    // The SHA-256 fingerprint the owner confirmed for the server at `url` (CertificateTrust.h);
    // empty when none is pinned.
    QString pinnedFingerprint(const QUrl& url) const;
    void setPinnedFingerprint(const QUrl& url, const QString& fingerprint);

    // The client certificate and key (PEM files) presented to the remote admin API; empty: none.
    QString clientCertificatePath() const;
    QString clientKeyPath() const;
    void setClientCertificate(const QString& certificatePath, const QString& keyPath);

    // Where customers reach the shop, as the owner entered it (e.g. https://shop.example);
    // one for the embedded storefront and one per remote admin URL.
    QUrl publicUrl(const QUrl& adminUrl) const;
    void setPublicUrl(const QUrl& adminUrl, const QUrl& publicUrl);

    // Who this console's staff are when they move an order on ("staff" until one is given); the
    // last name entered in the order dialogs.
    QString staffName() const;
    void setStaffName(const QString& name);

    // The embedded storefront's preferred public port (it falls back to a free one if taken).
    int storefrontPort() const;
    void setStorefrontPort(int port);

private:
    void moveTokenOutOfSettings();

    mutable QSettings settings_;
};

} // namespace topcoat::ui

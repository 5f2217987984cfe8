#pragma once

// The console's remembered choices, typed, on top of QSettings: which storefront it manages
// (the embedded one or a remote topcoatd) and where.

#include <QSettings>
#include <QString>
#include <QUrl>

namespace topcoat::ui {

class ConsoleSettings {
public:
    // Uses the application's default QSettings location (organisation/application names).
    ConsoleSettings() = default;
    // For tests: a settings file of their own.
    explicit ConsoleSettings(const QString& iniPath);

    bool useRemote() const;
    void setUseRemote(bool remote);

    QUrl remoteAdminUrl() const;
    void setRemoteAdminUrl(const QUrl& url);

    QString remoteToken() const;
    void setRemoteToken(const QString& token);

    // The embedded storefront's preferred public port (it falls back to a free one if taken).
    int storefrontPort() const;
    void setStorefrontPort(int port);

private:
    mutable QSettings settings_;
};

} // namespace topcoat::ui

#include "ConsoleSettings.h"

#include "CertificateTrust.h"
#include "PrivateFile.h"

#include <QFile>
#include <QFileInfo>

namespace topcoat::ui {
namespace {

const QString remoteKey = QStringLiteral("server/remote");
const QString urlKey = QStringLiteral("server/remoteAdminUrl");
// Where versions before the token file kept it, in the world-readable settings file.
const QString legacyTokenKey = QStringLiteral("server/remoteToken");
const QString certificateKey = QStringLiteral("server/clientCertificate");
const QString keyKey = QStringLiteral("server/clientKey");
const QString portKey = QStringLiteral("server/storefrontPort");
const QString staffKey = QStringLiteral("orders/staffName");

QString pinSettingsKey(const QUrl& url) {
    return QStringLiteral("tls/pins/") + pinKey(url);
}

QString publicUrlKey(const QUrl& adminUrl) {
    return QStringLiteral("reach/publicUrl/") +
           (adminUrl.isEmpty() ? QStringLiteral("embedded") : pinKey(adminUrl));
}

} // namespace

ConsoleSettings::ConsoleSettings() {
    moveTokenOutOfSettings();
}

ConsoleSettings::ConsoleSettings(const QString& iniPath)
    : settings_(iniPath, QSettings::IniFormat) {
    moveTokenOutOfSettings();
}

void ConsoleSettings::moveTokenOutOfSettings() {
    if (!settings_.contains(legacyTokenKey))
        return;
    if (setRemoteToken(settings_.value(legacyTokenKey).toString())) {
        settings_.remove(legacyTokenKey);
        settings_.sync();
    }
}

bool ConsoleSettings::useRemote() const {
    return settings_.value(remoteKey, false).toBool();
}

void ConsoleSettings::setUseRemote(bool remote) {
    settings_.setValue(remoteKey, remote);
}

QUrl ConsoleSettings::remoteAdminUrl() const {
    return settings_.value(urlKey).toUrl();
}

void ConsoleSettings::setRemoteAdminUrl(const QUrl& url) {
    settings_.setValue(urlKey, url);
}

QString ConsoleSettings::tokenPath() const {
    return QFileInfo(settings_.fileName()).absolutePath() + QStringLiteral("/remote-token");
}

QString ConsoleSettings::remoteToken() const {
    return QString::fromUtf8(readPrivateFile(tokenPath()).value_or(QByteArray())).trimmed();
}

bool ConsoleSettings::setRemoteToken(const QString& token, QString* error) {
    if (token.isEmpty())
        return QFile::remove(tokenPath()) || !QFile::exists(tokenPath());
    return writePrivateFile(tokenPath(), token.toUtf8() + '\n', error);
}

QString ConsoleSettings::pinnedFingerprint(const QUrl& url) const {
    return settings_.value(pinSettingsKey(url)).toString();
}

void ConsoleSettings::setPinnedFingerprint(const QUrl& url, const QString& fingerprint) {
    if (fingerprint.isEmpty())
        settings_.remove(pinSettingsKey(url));
    else
        settings_.setValue(pinSettingsKey(url), fingerprint);
}

QString ConsoleSettings::clientCertificatePath() const {
    return settings_.value(certificateKey).toString();
}

QString ConsoleSettings::clientKeyPath() const {
    return settings_.value(keyKey).toString();
}

void ConsoleSettings::setClientCertificate(const QString& certificatePath, const QString& keyPath) {
    settings_.setValue(certificateKey, certificatePath);
    settings_.setValue(keyKey, keyPath);
}

QUrl ConsoleSettings::publicUrl(const QUrl& adminUrl) const {
    return settings_.value(publicUrlKey(adminUrl)).toUrl();
}

void ConsoleSettings::setPublicUrl(const QUrl& adminUrl, const QUrl& publicUrl) {
    if (publicUrl.isEmpty())
        settings_.remove(publicUrlKey(adminUrl));
    else
        settings_.setValue(publicUrlKey(adminUrl), publicUrl);
}

QString ConsoleSettings::staffName() const {
    const auto name = settings_.value(staffKey).toString().trimmed();
    return name.isEmpty() ? QStringLiteral("staff") : name;
}

void ConsoleSettings::setStaffName(const QString& name) {
    settings_.setValue(staffKey, name.trimmed());
}

int ConsoleSettings::storefrontPort() const {
    return settings_.value(portKey, 8080).toInt();
}

void ConsoleSettings::setStorefrontPort(int port) {
    settings_.setValue(portKey, port);
}

} // namespace topcoat::ui

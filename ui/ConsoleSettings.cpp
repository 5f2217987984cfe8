#include "ConsoleSettings.h"

namespace topcoat::ui {
namespace {

const QString remoteKey = QStringLiteral("server/remote");
const QString urlKey = QStringLiteral("server/remoteAdminUrl");
const QString tokenKey = QStringLiteral("server/remoteToken");
const QString portKey = QStringLiteral("server/storefrontPort");

} // namespace

ConsoleSettings::ConsoleSettings(const QString& iniPath)
    : settings_(iniPath, QSettings::IniFormat) {}

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

QString ConsoleSettings::remoteToken() const {
    return settings_.value(tokenKey).toString();
}

void ConsoleSettings::setRemoteToken(const QString& token) {
    settings_.setValue(tokenKey, token);
}

int ConsoleSettings::storefrontPort() const {
    return settings_.value(portKey, 8080).toInt();
}

void ConsoleSettings::setStorefrontPort(int port) {
    settings_.setValue(portKey, port);
}

} // namespace topcoat::ui

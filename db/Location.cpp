#include "Location.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <string_view>

namespace topcoat::db {
namespace {

bool isName(std::string_view text, bool dashes) {
    return !text.empty() && text.size() <= 63 &&
           std::all_of(text.begin(), text.end(), [dashes](unsigned char c) {
               return std::isalnum(c) || c == '_' || (dashes && (c == '.' || c == '-'));
           });
}

bool isHost(std::string_view host) {
    return !host.empty() && host.size() <= 253 &&
           std::all_of(host.begin(), host.end(),
                       [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '-'; });
}

} // namespace

Location Location::sqlite(QString path) {
    Location location;
    location.path = std::move(path);
    return location;
}

std::string Location::text() const {
    if (!isPostgres())
        return path.toStdString();
    return "postgresql://" + user.toStdString() + '@' + host.toStdString() + ':' +
           std::to_string(port) + '/' + database.toStdString();
}

std::optional<Location> parsePostgresUrl(const std::string& url) {
    std::string_view rest(url);
    bool schemed = false;
    for (std::string_view scheme : {"postgresql://", "postgres://"})
        if (rest.substr(0, scheme.size()) == scheme) {
            rest.remove_prefix(scheme.size());
            schemed = true;
            break;
        }
    const auto at = rest.find('@');
    const auto slash = rest.find('/');
    if (!schemed || at == std::string_view::npos || slash == std::string_view::npos || slash < at)
        return std::nullopt;
    const auto user = rest.substr(0, at);
    auto hostPort = rest.substr(at + 1, slash - at - 1);
    const auto database = rest.substr(slash + 1);
    // A ':' in the user part would be a password: refused rather than put on a command line.
    if (!isName(user, true) || !isName(database, true))
        return std::nullopt;
    Location location;
    location.engine = Location::Engine::Postgres;
    location.user = QString::fromStdString(std::string(user));
    location.database = QString::fromStdString(std::string(database));
    const auto colon = hostPort.find(':');
    if (colon != std::string_view::npos) {
        const auto port = hostPort.substr(colon + 1);
        int value = 0;
        const auto [end, error] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || error != std::errc{} || end != port.data() + port.size() || value < 1 ||
            value > 65535)
            return std::nullopt;
        location.port = value;
        hostPort = hostPort.substr(0, colon);
    }
    if (!isHost(hostPort))
        return std::nullopt;
    location.host = QString::fromStdString(std::string(hostPort));
    return location;
}

} // namespace topcoat::db

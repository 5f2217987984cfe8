#include "MailServer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <fstream>

namespace topcoat::mail {
namespace {

bool isHostCharacter(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '-';
}

} // namespace

std::string MailServer::text() const {
    return std::string(security == Security::ImplicitTls ? "smtps://" : "smtp://") + host + ':' +
           std::to_string(port);
}

bool parseMailServerUrl(const std::string& url, MailServer& server) {
    std::string_view rest = url;
    if (rest.starts_with("smtp://")) {
        server.security = MailServer::Security::StartTlsWhenOffered;
        server.port = 25;
        rest.remove_prefix(7);
    } else if (rest.starts_with("smtps://")) {
        server.security = MailServer::Security::ImplicitTls;
        server.port = 465;
        rest.remove_prefix(8);
    } else {
        return false;
    }
    if (rest.ends_with('/'))
        rest.remove_suffix(1);
    const auto colon = rest.find(':');
    const auto host = rest.substr(0, colon);
    if (host.empty() || host.size() > 253 ||
        !std::all_of(host.begin(), host.end(), isHostCharacter))
        return false;
    if (colon != std::string_view::npos) {
        const auto port = rest.substr(colon + 1);
        unsigned value = 0;
        const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
        if (port.empty() || ec != std::errc() || end != port.data() + port.size() || value < 1 ||
            value > 65535)
            return false;
        server.port = static_cast<std::uint16_t>(value);
    }
    server.host = std::string(host);
    return true;
}

std::optional<std::string> readMailLogin(const std::string& path, MailServer& server) {
    std::ifstream file(path);
    if (!file)
        return "--smtp-login: cannot read " + path;
    std::string user, password;
    std::getline(file, user);
    std::getline(file, password);
    for (auto* line : {&user, &password})
        while (!line->empty() && line->back() == '\r')
            line->pop_back();
    if (user.empty() || password.empty())
        return "--smtp-login: " + path + " must hold the user name on its first line and the " +
               "password on its second";
    server.user = std::move(user);
    server.password = std::move(password);
    return std::nullopt;
}

} // namespace topcoat::mail

#pragma once

// Where order e-mails are sent from, as the command line gives it: --smtp smtp://HOST[:PORT]
// (STARTTLS whenever the server offers it) or smtps://HOST[:PORT] (TLS from the first byte),
// --mail-from ADDRESS, and optionally --smtp-login FILE (user name on the first line, password
// on the second, so neither shows in the process list) and --smtp-ca FILE (the certificates a
// private mail server's is checked against, instead of the system's).

#include <cstdint>
#include <optional>
#include <string>

namespace topcoat::mail {

struct MailServer {
    enum class Security { StartTlsWhenOffered, ImplicitTls };
    Security security = Security::StartTlsWhenOffered;
    std::string host;
    std::uint16_t port = 25;
    std::string from; // the envelope sender and the From address
    std::optional<std::string> user;
    std::optional<std::string> password;
    std::optional<std::string> caFile;

    std::string text() const; // "smtp://HOST:PORT", no credentials
};

// Fills security, host and port from smtp://HOST[:PORT] (port 25 by default) or
// smtps://HOST[:PORT] (465); false for anything else (a user or password in the URL too).
bool parseMailServerUrl(const std::string& url, MailServer& server);

// Reads user and password from the two first lines of `path`; the error when it cannot.
std::optional<std::string> readMailLogin(const std::string& path, MailServer& server);

} // namespace topcoat::mail

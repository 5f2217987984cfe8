#pragma once

// Sends composed e-mails to the shop's mail server: one SMTP session per batch, opened at the
// first message and closed by endBatch(), since a server drops a session left idle for long.
// With smtp:// the session turns to TLS when the server offers STARTTLS (and the certificate
// is checked); with smtps:// it is TLS from the start. The user and password, when given, are
// only ever sent over TLS.

#include "MailServer.h"
#include "OrderMail.h"

#include <chrono>
#include <memory>
#include <stdexcept>

namespace Poco::Net {
class SMTPClientSession;
}

namespace topcoat::mail {

class MailError : public std::runtime_error {
public:
    // `permanent`: the server refused for good (a 5xx answer): trying again will not help.
    MailError(const std::string& what, bool permanent)
        : std::runtime_error(what), permanent_(permanent) {}
    bool permanent() const { return permanent_; }

private:
    bool permanent_;
};

class SmtpMailer {
public:
    explicit SmtpMailer(MailServer server, std::chrono::seconds timeout = std::chrono::seconds(20));
    ~SmtpMailer();

    // Throws MailError; the session is closed then, and the next send opens a new one.
    void send(const ComposedMail& mail, const std::string& fromName);
    void endBatch();

    const MailServer& server() const { return server_; }

private:
    void open();

    MailServer server_;
    std::chrono::seconds timeout_;
    std::unique_ptr<Poco::Net::SMTPClientSession> session_;
};

} // namespace topcoat::mail

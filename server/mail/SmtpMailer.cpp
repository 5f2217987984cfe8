#include "SmtpMailer.h"

#include "HeaderText.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SSLManager.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/StringPartSource.h>
#include <algorithm>
#include <mutex>

namespace topcoat::mail {
namespace {

void initializeTlsOnce() {
    static std::once_flag once;
    std::call_once(once, [] { Poco::Net::initializeSSL(); });
}

Poco::Net::Context::Ptr tlsContext(const MailServer& server) {
    Poco::Net::Context::Params params;
    params.verificationMode = Poco::Net::Context::VERIFY_RELAXED; // the server's certificate
    params.loadDefaultCAs = !server.caFile;
    if (server.caFile)
        params.caLocation = *server.caFile;
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, params);
}

// The From header's display name: quoted when ASCII, RFC 2047-encoded otherwise.
std::string displayName(const std::string& name) {
    if (std::any_of(name.begin(), name.end(), [](unsigned char c) { return c >= 0x80; }))
        return headerText(name);
    std::string quoted = "\"";
    for (const char c : name) {
        if (c == '"' || c == '\\')
            quoted += '\\';
        quoted += c;
    }
    return quoted + '"';
}

// Poco puts the server's reply code in the exception: 5xx is a refusal for good.
bool isPermanentRefusal(const Poco::Net::SMTPException& error) {
    return error.code() >= 500 && error.code() < 600;
}

void fill(Poco::Net::MailMessage& message, const ComposedMail& mail, const std::string& from,
          const std::string& fromName) {
    message.setSender(displayName(fromName) + " <" + from + ">");
    message.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT, mail.to));
    message.setSubject(headerText(mail.subject));
    message.set("Message-ID", mail.messageId);
    message.set("Auto-Submitted", "auto-generated"); // no out-of-office replies, please
    message.setContentType("multipart/alternative");
    message.addPart("", new Poco::Net::StringPartSource(mail.text, "text/plain; charset=utf-8"),
                    Poco::Net::MailMessage::CONTENT_INLINE,
                    Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
    message.addPart("", new Poco::Net::StringPartSource(mail.html, "text/html; charset=utf-8"),
                    Poco::Net::MailMessage::CONTENT_INLINE,
                    Poco::Net::MailMessage::ENCODING_QUOTED_PRINTABLE);
}

} // namespace

SmtpMailer::SmtpMailer(MailServer server, std::chrono::seconds timeout)
    : server_(std::move(server)), timeout_(timeout) {
    initializeTlsOnce();
}

SmtpMailer::~SmtpMailer() {
    endBatch();
}

void SmtpMailer::open() {
    const Poco::Timespan timeout(timeout_.count(), 0);
    const Poco::Net::SocketAddress address(server_.host, server_.port);
    const auto login = [&](Poco::Net::SMTPClientSession& session) {
        if (server_.user)
            session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, *server_.user,
                          *server_.password);
        else
            session.login();
    };
    if (server_.security == MailServer::Security::ImplicitTls) {
        Poco::Net::SecureStreamSocket socket(tlsContext(server_));
        socket.setPeerHostName(server_.host); // the name its certificate must carry
        socket.connect(address, timeout);
        socket.setNoDelay(true); // see below
        auto session = std::make_unique<Poco::Net::SMTPClientSession>(socket);
        session->setTimeout(timeout);
        login(*session);
        session_ = std::move(session);
        return;
    }
    Poco::Net::StreamSocket socket;
    socket.connect(address, timeout);
    // A message goes out in several small writes, its last line alone; held back by Nagle's
    // algorithm until the server's delayed acknowledgement, each message would take 40 ms.
    socket.setNoDelay(true);
    auto session = std::make_unique<Poco::Net::SecureSMTPClientSession>(socket);
    session->setTimeout(timeout);
    session->login();
    const bool secure = session->startTLS(tlsContext(server_));
    if (server_.user) {
        if (!secure)
            throw MailError("the mail server does not offer STARTTLS: the password is not sent "
                            "in clear text",
                            false);
        login(*session);
    }
    session_ = std::move(session);
}

void SmtpMailer::send(const ComposedMail& mail, const std::string& fromName) {
    try {
        if (!session_)
            open();
        Poco::Net::MailMessage message;
        fill(message, mail, server_.from, fromName);
        session_->sendMessage(message);
    } catch (const Poco::Net::SMTPException& error) {
        endBatch();
        throw MailError(error.displayText(), isPermanentRefusal(error));
    } catch (const Poco::Exception& error) {
        endBatch();
        throw MailError(error.displayText(), false);
    }
}

void SmtpMailer::endBatch() {
    if (!session_)
        return;
    try {
        session_->close(); // QUIT
    } catch (const Poco::Exception&) {
        // Already gone: nothing to say goodbye to.
    }
    session_.reset();
}

} // namespace topcoat::mail

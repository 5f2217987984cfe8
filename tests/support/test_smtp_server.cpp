// SmtpServer, the SMTP server e-mail tests start for themselves, sent to with Poco's SMTP client
// sessions as the storefront sends: a multipart/alternative message in UTF-8 reads back with
// its envelope, decoded subject and both parts; STARTTLS with the generated certificate trusted
// (and refused when it is not); implicit TLS; AUTH LOGIN and PLAIN required, a wrong password
// refused; the next messages refused with 451 on demand; a killed server restarts on its port
// with the messages it had; a destroyed server leaves no process behind.

#include "tests/support/SmtpServer.h"

#include <Poco/Net/Context.h>
#include <Poco/Net/MailMessage.h>
#include <Poco/Net/MailRecipient.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/NetSSL.h>
#include <Poco/Net/SMTPClientSession.h>
#include <Poco/Net/SecureSMTPClientSession.h>
#include <Poco/Net/SecureStreamSocket.h>
#include <Poco/Net/ServerSocket.h>
#include <Poco/Net/StringPartSource.h>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>
#include <optional>

using topcoat::test::SmtpMessage;
using topcoat::test::SmtpServer;

namespace {

const QString subject = QStringLiteral("Rosé №5 is back");
const QString plainBody = QStringLiteral("Your order of Rosé №5 (2 bottles) is confirmed.");
const QString htmlBody = QStringLiteral("<p>Your order of <b>Rosé №5</b> is confirmed.</p>");
const std::string shopSender = "Topcoat Shop <shop@example.com>";

std::string utf8(const QString& text) {
    return text.toStdString();
}

// Sends the order e-mail the storefront sends: both forms of the text, the subject as an
// RFC 2047 word, a Message-ID, to a customer and a copy to the shop.
void sendOrderMail(Poco::Net::SMTPClientSession& session, const std::string& messageId) {
    Poco::Net::MailMessage mail;
    mail.setSender(shopSender);
    mail.addRecipient(Poco::Net::MailRecipient(Poco::Net::MailRecipient::PRIMARY_RECIPIENT,
                                               "ana@example.com", "Ana Lima"));
    mail.addRecipient(
        Poco::Net::MailRecipient(Poco::Net::MailRecipient::CC_RECIPIENT, "orders@example.com"));
    mail.setSubject(Poco::Net::MailMessage::encodeWord(utf8(subject)));
    mail.set("Message-ID", messageId);
    mail.setContentType("multipart/alternative");
    mail.addContent(new Poco::Net::StringPartSource(utf8(plainBody), "text/plain; charset=UTF-8"));
    mail.addContent(new Poco::Net::StringPartSource(utf8(htmlBody), "text/html; charset=UTF-8"));
    session.sendMessage(mail);
}

Poco::Net::Context::Ptr trusting(const QString& certificatePath) {
    // No system CAs: only the test's certificate makes the handshake succeed.
    return new Poco::Net::Context(Poco::Net::Context::TLS_CLIENT_USE, "", "",
                                  certificatePath.toStdString(), Poco::Net::Context::VERIFY_RELAXED,
                                  9, false);
}

const Poco::Timespan clientTimeout(30, 0);

// Whether `pid` still runs: an exited process nobody reaped yet (a zombie) does not.
bool running(qint64 pid) {
    QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
    if (!stat.open(QIODevice::ReadOnly))
        return false;
    const QByteArray line = stat.readAll();
    const char state = line.at(line.lastIndexOf(')') + 2);
    return state != 'Z' && state != 'X';
}

// The SMTP status of a refused command, or nothing when `send` succeeded.
template <typename Send> std::optional<int> refusal(Send send) {
    try {
        send();
        return std::nullopt;
    } catch (const Poco::Net::SMTPException& error) {
        return error.code();
    }
}

} // namespace

class TestSmtpServer : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { Poco::Net::initializeSSL(); }
    void cleanupTestCase() { Poco::Net::uninitializeSSL(); }

    void plainMessageReadsBackWithEnvelopeAndBothParts() {
        QTemporaryDir dir, otherDir;
        QVERIFY(dir.isValid() && otherDir.isValid());
        SmtpServer server(dir.path()), other(otherDir.path());
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY2(other.start(), qPrintable(other.error()));
        QVERIFY(server.port() != other.port());
        QCOMPARE(server.url(), QStringLiteral("smtp://127.0.0.1:%1").arg(server.port()));
        QVERIFY(server.certificatePath().isEmpty());

        Poco::Net::SMTPClientSession session(server.host().toStdString(), server.port());
        session.setTimeout(clientTimeout);
        session.login();
        sendOrderMail(session, "<order-1042@shop.example.com>");
        session.close();

        QTRY_COMPARE(server.count(), 1);
        QCOMPARE(other.count(), 0);
        const std::vector<SmtpMessage> messages = server.messages();
        QCOMPARE(messages.size(), std::size_t(1));
        const SmtpMessage& message = messages.front();
        QVERIFY2(message.parseError.isEmpty(), qPrintable(message.parseError));
        QCOMPARE(message.mailFrom, QStringLiteral("shop@example.com"));
        QCOMPARE(message.recipients, QStringList({QStringLiteral("ana@example.com"),
                                                  QStringLiteral("orders@example.com")}));
        QVERIFY(!message.overTls);
        QVERIFY(message.login.isEmpty());
        QCOMPARE(message.subject, subject);
        QCOMPARE(message.from, QString::fromStdString(shopSender));
        QCOMPARE(message.to, QStringLiteral("Ana Lima <ana@example.com>"));
        QCOMPARE(message.header(QStringLiteral("cc")), QStringLiteral("orders@example.com"));
        QCOMPARE(message.messageId, QStringLiteral("<order-1042@shop.example.com>"));
        QCOMPARE(message.contentType, QStringLiteral("multipart/alternative"));
        QCOMPARE(message.text.trimmed(), plainBody);
        QCOMPARE(message.html.trimmed(), htmlBody);
        // The bytes as sent: the subject as an encoded word, not the decoded text.
        QVERIFY(message.raw.contains("Message-ID: <order-1042@shop.example.com>"));
        QVERIFY(message.raw.contains("=?UTF-8?"));
        QVERIFY(!message.raw.contains(subject.toUtf8()));
    }

    void startTlsTrustingTheGeneratedCertificate() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SmtpServer server(dir.path(), SmtpServer::Security::StartTls);
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(QFile::exists(server.certificatePath()));
        QCOMPARE(server.url(), QStringLiteral("smtp://127.0.0.1:%1").arg(server.port()));

        Poco::Net::SecureSMTPClientSession session(server.host().toStdString(), server.port());
        session.setTimeout(clientTimeout);
        session.login();
        QVERIFY(session.startTLS(trusting(server.certificatePath())));
        session.login();
        sendOrderMail(session, "<order-1@shop.example.com>");
        session.close();

        QTRY_COMPARE(server.count(), 1);
        const SmtpMessage message = server.messages().front();
        QVERIFY(message.overTls);
        QCOMPARE(message.subject, subject);
        QCOMPARE(message.text.trimmed(), plainBody);
    }

    void startTlsRefusedWhenTheCertificateIsNotTrusted() {
        QTemporaryDir dir, strangerDir;
        QVERIFY(dir.isValid() && strangerDir.isValid());
        SmtpServer server(dir.path(), SmtpServer::Security::StartTls);
        // Another server's certificate: well formed, but not the one this server presents.
        SmtpServer stranger(strangerDir.path(), SmtpServer::Security::ImplicitTls);
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY2(stranger.start(), qPrintable(stranger.error()));

        Poco::Net::SecureSMTPClientSession session(server.host().toStdString(), server.port());
        session.setTimeout(clientTimeout);
        session.login();
        bool handshakeFailed = false;
        try {
            session.startTLS(trusting(stranger.certificatePath()));
        } catch (const Poco::Exception&) {
            handshakeFailed = true;
        }
        QVERIFY(handshakeFailed);
        QCOMPARE(server.count(), 0);
    }

    void implicitTls() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SmtpServer server(dir.path(), SmtpServer::Security::ImplicitTls);
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(server.url(), QStringLiteral("smtps://127.0.0.1:%1").arg(server.port()));

        Poco::Net::SecureStreamSocket socket(
            Poco::Net::SocketAddress(server.host().toStdString(), server.port()),
            trusting(server.certificatePath()));
        Poco::Net::SMTPClientSession session(socket);
        session.setTimeout(clientTimeout);
        session.login();
        sendOrderMail(session, "<order-2@shop.example.com>");
        session.close();

        QTRY_COMPARE(server.count(), 1);
        const SmtpMessage message = server.messages().front();
        QVERIFY(message.overTls);
        QCOMPARE(message.html.trimmed(), htmlBody);
    }

    void authRequiredAfterStartTls_data() {
        QTest::addColumn<int>("method");
        QTest::newRow("LOGIN") << int(Poco::Net::SMTPClientSession::AUTH_LOGIN);
        QTest::newRow("PLAIN") << int(Poco::Net::SMTPClientSession::AUTH_PLAIN);
    }

    void authRequiredAfterStartTls() {
        QFETCH(int, method);
        const auto loginMethod = static_cast<Poco::Net::SMTPClientSession::LoginMethod>(method);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString password = QStringLiteral("Gel-Pässwort №7");
        SmtpServer server(dir.path(), SmtpServer::Security::StartTls);
        server.requireAuth(QStringLiteral("shop"), password);
        QVERIFY2(server.start(), qPrintable(server.error()));

        Poco::Net::SecureSMTPClientSession session(server.host().toStdString(), server.port());
        session.setTimeout(clientTimeout);
        session.login();
        QVERIFY(session.startTLS(trusting(server.certificatePath())));
        const auto wrongLogin = refusal(
            [&] { session.login(loginMethod, "shop", utf8(password + QStringLiteral("x"))); });
        QVERIFY(wrongLogin.has_value());
        QCOMPARE(*wrongLogin, 535);
        // Not authenticated: MAIL FROM is refused, so nothing is kept.
        QVERIFY(refusal([&] { sendOrderMail(session, "<refused@shop.example.com>"); }).has_value());
        session.login(loginMethod, "shop", utf8(password));
        sendOrderMail(session, "<order-3@shop.example.com>");
        session.close();

        QTRY_COMPARE(server.count(), 1);
        const SmtpMessage message = server.messages().front();
        QCOMPARE(message.login, QStringLiteral("shop"));
        QVERIFY(message.overTls);
        QCOMPARE(message.messageId, QStringLiteral("<order-3@shop.example.com>"));
    }

    void authOverImplicitTls() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SmtpServer server(dir.path(), SmtpServer::Security::ImplicitTls);
        server.requireAuth(QStringLiteral("shop"), QStringLiteral("secret"));
        QVERIFY2(server.start(), qPrintable(server.error()));

        Poco::Net::SecureStreamSocket socket(
            Poco::Net::SocketAddress(server.host().toStdString(), server.port()),
            trusting(server.certificatePath()));
        Poco::Net::SMTPClientSession session(socket);
        session.setTimeout(clientTimeout);
        const auto wrongLogin = refusal(
            [&] { session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, "shop", "Secret"); });
        QVERIFY(wrongLogin.has_value());
        QCOMPARE(*wrongLogin, 535);
        session.login(Poco::Net::SMTPClientSession::AUTH_LOGIN, "shop", "secret");
        sendOrderMail(session, "<order-4@shop.example.com>");
        session.close();

        QTRY_COMPARE(server.count(), 1);
        QCOMPARE(server.messages().front().login, QStringLiteral("shop"));
    }

    void refusesTheNextMessagesWith451() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SmtpServer server(dir.path());
        QVERIFY2(server.start(), qPrintable(server.error()));
        QVERIFY(server.refuseNext(2));

        Poco::Net::SMTPClientSession session(server.host().toStdString(), server.port());
        session.setTimeout(clientTimeout);
        session.login();
        for (int attempt = 1; attempt <= 2; ++attempt) {
            const auto refused =
                refusal([&] { sendOrderMail(session, "<order-5@shop.example.com>"); });
            QVERIFY2(refused.has_value(), qPrintable(QStringLiteral("attempt %1").arg(attempt)));
            QCOMPARE(*refused, 451);
        }
        sendOrderMail(session, "<order-5@shop.example.com>");
        session.close();

        QTRY_COMPARE(server.count(), 1);
        QCOMPARE(server.refusedCount(), 2);
        QCOMPARE(server.messages().front().messageId, QStringLiteral("<order-5@shop.example.com>"));
    }

    void killedServerRestartsOnItsPortWithItsMessages() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SmtpServer server(dir.path(), SmtpServer::Security::StartTls);
        QVERIFY2(server.start(), qPrintable(server.error()));
        const std::uint16_t port = server.port();
        const QString certificate = server.certificatePath();
        QFile certificateFile(certificate);
        QVERIFY(certificateFile.open(QIODevice::ReadOnly));
        const QByteArray certificateBytes = certificateFile.readAll();
        certificateFile.close();
        {
            Poco::Net::SMTPClientSession session(server.host().toStdString(), port);
            session.setTimeout(clientTimeout);
            session.login();
            sendOrderMail(session, "<before@shop.example.com>");
            session.close();
        }
        QTRY_COMPARE(server.count(), 1);

        const qint64 pid = server.processId();
        QVERIFY(pid > 0);
        server.kill();
        QVERIFY(!server.running());
        QVERIFY(!running(pid));
        bool refused = false;
        try {
            Poco::Net::SMTPClientSession session(server.host().toStdString(), port);
        } catch (const Poco::Net::ConnectionRefusedException&) {
            refused = true;
        }
        QVERIFY(refused);

        QVERIFY2(server.restart(), qPrintable(server.error()));
        QCOMPARE(server.port(), port);
        QVERIFY(certificateFile.open(QIODevice::ReadOnly));
        QCOMPARE(certificateFile.readAll(), certificateBytes); // clients trust it still
        QCOMPARE(server.count(), 1);
        {
            Poco::Net::SecureSMTPClientSession session(server.host().toStdString(), port);
            session.setTimeout(clientTimeout);
            session.login();
            QVERIFY(session.startTLS(trusting(certificate)));
            session.login();
            sendOrderMail(session, "<after@shop.example.com>");
            session.close();
        }
        QTRY_COMPARE(server.count(), 2);
        const std::vector<SmtpMessage> messages = server.messages();
        QCOMPARE(messages[0].messageId, QStringLiteral("<before@shop.example.com>"));
        QCOMPARE(messages[1].messageId, QStringLiteral("<after@shop.example.com>"));
    }

    void destroyedServerLeavesNoProcess() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        qint64 pid = 0;
        {
            SmtpServer server(dir.path());
            QVERIFY2(server.start(), qPrintable(server.error()));
            pid = server.processId();
            QVERIFY(pid > 0);
            QVERIFY(running(pid));
        }
        QVERIFY(!running(pid));
    }

    void restartOnATakenPortFailsSayingWhy() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        SmtpServer server(dir.path());
        QVERIFY2(server.start(), qPrintable(server.error()));
        server.kill();
        // Another process took the port while the server was down; a restart keeps its port.
        Poco::Net::ServerSocket squatter(Poco::Net::SocketAddress("127.0.0.1", server.port()));
        QVERIFY(!server.restart());
        QVERIFY2(
            server.error().contains(QStringLiteral("address already in use"), Qt::CaseInsensitive),
            qPrintable(server.error()));
        QVERIFY(!server.running());
    }
};

QTEST_GUILESS_MAIN(TestSmtpServer)
#include "test_smtp_server.moc"

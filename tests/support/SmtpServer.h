#pragma once

// A real SMTP server child process for tests: Debian's python3-aiosmtpd running
// tests/support/smtp_server.py on a free loopback port, plain, offering STARTTLS or speaking
// implicit TLS with a self-signed certificate it makes, optionally requiring AUTH; it keeps
// every message it accepts in a directory of the test's, where messages() reads them back.
//
// Start it from a thread that lives as long as it (the test's main thread): the server is
// killed when the thread that started it ends, so that a test killed by a timeout leaves no
// server behind.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <vector>

namespace topcoat::test {

// One accepted message: its envelope, its bytes, and what Python's email package parsed from
// them (headers decoded from RFC 2047 words, bodies from their transfer encoding and charset).
struct SmtpMessage {
    QString mailFrom;       // MAIL FROM
    QStringList recipients; // RCPT TO, in order
    bool overTls = false;   // the message came over STARTTLS or implicit TLS
    QString login;          // the AUTH user, empty when the session did not authenticate
    QByteArray raw;         // the DATA as received, dot-unstuffed
    QList<QPair<QString, QString>> headers;
    QString subject, from, to, messageId;
    QString contentType; // of the whole message, e.g. "multipart/alternative"
    QString text;        // the text/plain body (the alternative's), empty when none
    QString html;        // the text/html body, empty when none
    QString parseError;  // why the message could not be parsed; empty when it could

    // The first header of that name (case-insensitive), or a null string.
    QString header(const QString& name) const;
};

class SmtpServer {
public:
    enum class Security {
        Plain,       // no TLS
        StartTls,    // STARTTLS offered (not required); AUTH only after it
        ImplicitTls, // SMTPS: TLS from the first byte
    };

    // Messages, the certificate and the server's log (smtp.log) live in `dir`.
    explicit SmtpServer(QString dir, Security security = Security::Plain);
    ~SmtpServer(); // kills the server and waits for it to exit
    SmtpServer(const SmtpServer&) = delete;
    SmtpServer& operator=(const SmtpServer&) = delete;

    // AUTH (LOGIN or PLAIN) as `user` with `password` is required before MAIL, from the next
    // start() on.
    void requireAuth(QString user, QString password);

    // Makes the certificate on the first TLS start, runs the server and waits until it
    // listens; false with the reason (and the log) in `error()` if not.
    bool start();
    // SIGKILL, as a crash would; waits until it has exited. Messages already kept stay.
    void kill();
    // kill(), then start() on the same port with the same messages and certificate.
    bool restart();
    bool running() const;
    qint64 processId() const; // 0 when not running

    // Refuses the next `count` messages with 451 (at DATA), then accepts again; false when the
    // count could not be written to the server's directory.
    [[nodiscard]] bool refuseNext(int count);
    // The messages accepted so far, oldest first, and how many.
    std::vector<SmtpMessage> messages() const;
    int count() const;
    // How many messages were refused with 451 so far.
    int refusedCount() const;

    std::uint16_t port() const { return port_; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    // smtp://127.0.0.1:PORT, or smtps:// for implicit TLS.
    QString url() const;
    // The self-signed certificate (PEM, for localhost and 127.0.0.1) a client is to trust;
    // empty for a plain server.
    QString certificatePath() const;
    QString error() const { return error_; }
    QString log() const;

    static QString python() { return QStringLiteral("/usr/bin/python3"); }
    static QString script();

private:
    bool makeCertificate();
    bool launch();
    enum class Readiness { Listening, PortTaken, Failed };
    Readiness waitUntilListening();
    QString logTail() const;

    QString dir_;
    Security security_;
    QString user_;
    QString password_;
    std::unique_ptr<QProcess> process_;
    std::uint16_t port_ = 0;
    QString error_;
};

} // namespace topcoat::test

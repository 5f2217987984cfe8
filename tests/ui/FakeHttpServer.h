#pragma once

// A one-trick HTTP server on 127.0.0.1 for client tests: it records each request and answers
// with a canned response, or never answers, so tests can see exactly what the client sends and
// how it treats answers a real topcoatd never gives (timeouts, HTML, wrong JSON shapes).

#include <QByteArray>
#include <QList>
#include <QMap>
#include <QTcpServer>
#include <QUrl>

class QTcpSocket;

namespace topcoat::test {

struct RecordedRequest {
    QByteArray method;
    QByteArray target;                    // path and query, as sent
    QMap<QByteArray, QByteArray> headers; // names lower-cased
    QByteArray body;
};

class FakeHttpServer {
public:
    FakeHttpServer();

    // Every later request gets this status and body; `silent` makes it never answer.
    void respond(int status, const QByteArray& body,
                 const QByteArray& contentType = "application/json");
    void setSilent(bool silent) { silent_ = silent; }

    QUrl url() const;
    const QList<RecordedRequest>& requests() const { return requests_; }

private:
    void onReadable(QTcpSocket* socket);

    QTcpServer server_;
    QByteArray response_;
    bool silent_ = false;
    QList<RecordedRequest> requests_;
};

} // namespace topcoat::test

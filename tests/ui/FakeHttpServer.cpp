#include "FakeHttpServer.h"

#include <QHostAddress>
#include <QTcpSocket>

namespace topcoat::test {

FakeHttpServer::FakeHttpServer() {
    respond(200, "{}");
    server_.listen(QHostAddress::LocalHost, 0);
    QObject::connect(&server_, &QTcpServer::newConnection, &server_, [this] {
        while (auto* socket = server_.nextPendingConnection()) {
            socket->setParent(&server_); // closed with the server
            QObject::connect(socket, &QTcpSocket::readyRead, socket,
                             [this, socket] { onReadable(socket); });
        }
    });
}

void FakeHttpServer::respond(int status, const QByteArray& body, const QByteArray& contentType) {
    response_ = "HTTP/1.1 " + QByteArray::number(status) +
                " Canned\r\nContent-Type: " + contentType +
                "\r\nContent-Length: " + QByteArray::number(body.size()) +
                "\r\nConnection: close\r\n\r\n" + body;
}

QUrl FakeHttpServer::url() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_.serverPort()));
}

// Waits for a whole request (head and Content-Length body) on the socket, then answers it.
void FakeHttpServer::onReadable(QTcpSocket* socket) {
    auto buffer = socket->property("buffer").toByteArray() + socket->readAll();
    socket->setProperty("buffer", buffer);
    const auto headEnd = buffer.indexOf("\r\n\r\n");
    if (headEnd < 0)
        return;
    RecordedRequest request;
    const auto lines = buffer.left(headEnd).split('\n');
    const auto requestLine = lines.value(0).trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const auto colon = lines[i].indexOf(':');
        if (colon > 0)
            request.headers.insert(lines[i].left(colon).trimmed().toLower(),
                                   lines[i].mid(colon + 1).trimmed());
    }
    const auto length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headEnd + 4 + length)
        return; // the body is still on its way
    request.body = buffer.mid(headEnd + 4, length);
    requests_.append(request);
    socket->setProperty("buffer", QByteArray());
    if (silent_)
        return;
    socket->write(response_);
    socket->disconnectFromHost();
}

} // namespace topcoat::test

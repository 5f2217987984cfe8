#include "ConnectionChecks.h"

#include "ApiChecks.h"

#include <QByteArray>
#include <QStringList>

namespace topcoat::test {

QString describe(const std::optional<RawResponse>& response) {
    if (!response)
        return QStringLiteral("no response");
    return QString::fromStdString(response->version) + QStringLiteral(" ") + describe(*response);
}

bool saysClose(const HttpResult& response) {
    const auto options = QString::fromStdString(response.header("connection")).split(u',');
    for (const auto& option : options)
        if (option.trimmed().compare(QLatin1String("close"), Qt::CaseInsensitive) == 0)
            return true;
    return false;
}

QString closeMismatch(RawConnection& connection, std::chrono::milliseconds timeout) {
    switch (connection.waitForClose(timeout)) {
    case RawConnection::Peer::Closed:
        return {};
    case RawConnection::Peer::SentMore:
        return QStringLiteral("the server sent more instead of closing: ") +
               QString::fromUtf8(QByteArray::fromStdString(connection.unread().substr(0, 400)));
    case RawConnection::Peer::Open:
        break;
    }
    return QStringLiteral("the connection was still open %1 ms later").arg(timeout.count());
}

QString refusalMismatch(RawConnection& connection, int status, const std::string& code,
                        std::chrono::milliseconds timeout) {
    return refusalMismatch(connection, connection.read(timeout), status, code);
}

QString refusalMismatch(RawConnection& connection, const std::optional<RawResponse>& response,
                        int status, const std::string& code) {
    if (!response)
        return QStringLiteral("no answer in time (connection %1); received: %2")
            .arg(connection.ended() ? QStringLiteral("closed") : QStringLiteral("open"),
                 QString::fromUtf8(QByteArray::fromStdString(connection.unread().substr(0, 400))));
    if (auto error = errorMismatch(*response, status, code); !error.isEmpty())
        return error;
    if (response->version != "HTTP/1.1")
        return QStringLiteral("the status line is not HTTP/1.1: ") + describe(response);
    if (!saysClose(*response))
        return QStringLiteral("no Connection: close on a refusal: ") + describe(response) +
               QStringLiteral(", Connection '%1'")
                   .arg(QString::fromStdString(response->header("connection")));
    if (auto open = closeMismatch(connection); !open.isEmpty())
        return QStringLiteral("after the %1: ").arg(status) + open;
    return {};
}

} // namespace topcoat::test

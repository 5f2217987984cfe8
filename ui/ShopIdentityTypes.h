#pragma once

// The shop's identity as the console sees it on the wire (GET and PUT /admin/shop, server/API.md):
// the name, currency and contact address, and the logo as its bytes and media type.

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace topcoat::ui {

struct ShopIdentity {
    QString name = QStringLiteral("Topcoat");
    QString currency = QStringLiteral("USD");
    QString contactEmail; // empty: none
    QByteArray logo;      // empty: none
    QString logoType;     // image/png, image/jpeg or image/svg+xml when there is a logo
};

// The body of GET /admin/shop; nothing when a field is missing or of the wrong type.
std::optional<ShopIdentity> parseShopIdentity(const QJsonObject& json);
// A PUT /admin/shop body naming every field, so the server ends up with exactly `identity`;
// without the logo unless `withLogo`, so one the console did not change is not sent back (a
// logo uploaded on its own may be too large to travel inside this body).
QJsonObject shopIdentityBody(const ShopIdentity& identity, bool withLogo);
// {"currencies":[…]}; nothing when it is not a list of strings.
std::optional<QStringList> parseShopCurrencies(const QJsonObject& json);

// "data:image/png;base64,…" and back; the reverse gives nothing for anything else.
QString logoDataUrl(const QByteArray& bytes, const QString& mediaType);
std::optional<std::pair<QByteArray, QString>> logoFromDataUrl(const QString& url);

} // namespace topcoat::ui

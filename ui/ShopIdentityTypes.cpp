#include "ShopIdentityTypes.h"

#include <QJsonArray>
#include <QJsonValue>

namespace topcoat::ui {
namespace {

constexpr QLatin1StringView dataPrefix("data:");
constexpr QLatin1StringView base64Marker(";base64,");

} // namespace

QString logoDataUrl(const QByteArray& bytes, const QString& mediaType) {
    return dataPrefix + mediaType + base64Marker + QString::fromLatin1(bytes.toBase64());
}

std::optional<std::pair<QByteArray, QString>> logoFromDataUrl(const QString& url) {
    const auto marker = url.indexOf(base64Marker);
    if (!url.startsWith(dataPrefix) || marker < 0)
        return std::nullopt;
    const auto type = url.mid(dataPrefix.size(), marker - dataPrefix.size());
    auto decoded = QByteArray::fromBase64Encoding(url.mid(marker + base64Marker.size()).toLatin1(),
                                                  QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded || type.isEmpty())
        return std::nullopt;
    return std::pair{*decoded, type};
}

std::optional<ShopIdentity> parseShopIdentity(const QJsonObject& json) {
    const auto name = json.value(QLatin1StringView("name"));
    const auto currency = json.value(QLatin1StringView("currency"));
    const auto email = json.value(QLatin1StringView("contact_email"));
    const auto logo = json.value(QLatin1StringView("logo"));
    if (!name.isString() || !currency.isString() || !(email.isString() || email.isNull()) ||
        !(logo.isString() || logo.isNull()))
        return std::nullopt;
    ShopIdentity identity;
    identity.name = name.toString();
    identity.currency = currency.toString();
    identity.contactEmail = email.toString();
    if (logo.isString()) {
        const auto image = logoFromDataUrl(logo.toString());
        if (!image)
            return std::nullopt;
        identity.logo = image->first;
        identity.logoType = image->second;
    }
    return identity;
}

QJsonObject shopIdentityBody(const ShopIdentity& identity, bool withLogo) {
    QJsonObject body{
        {QStringLiteral("name"), identity.name},
        {QStringLiteral("currency"), identity.currency},
        {QStringLiteral("contact_email"), identity.contactEmail.isEmpty()
                                              ? QJsonValue(QJsonValue::Null)
                                              : QJsonValue(identity.contactEmail)},
        {QStringLiteral("logo"), identity.logo.isEmpty()
                                     ? QJsonValue(QJsonValue::Null)
                                     : QJsonValue(logoDataUrl(identity.logo, identity.logoType))},
    };
    if (!withLogo)
        body.remove(QStringLiteral("logo"));
    return body;
}

std::optional<QStringList> parseShopCurrencies(const QJsonObject& json) {
    const auto list = json.value(QLatin1StringView("currencies"));
    if (!list.isArray())
        return std::nullopt;
    QStringList codes;
    for (const auto& code : list.toArray()) {
        if (!code.isString())
            return std::nullopt;
        codes.append(code.toString());
    }
    return codes;
}

} // namespace topcoat::ui

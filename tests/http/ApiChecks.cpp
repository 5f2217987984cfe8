#include "ApiChecks.h"

#include <Poco/Exception.h>
#include <QRegularExpression>
#include <sstream>

namespace topcoat::test {
namespace {

QString text(const std::string& s) {
    return QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
}

QString mediaType(const HttpResult& result) {
    return text(result.header("content-type")).section(QLatin1Char(';'), 0, 0).trimmed().toLower();
}

} // namespace

QString describe(const HttpResult& result) {
    const auto body = result.body.size() > 600 ? result.body.substr(0, 600) + "..." : result.body;
    return QStringLiteral("HTTP %1, content-type '%2', X-Topcoat-Api '%3', body: %4")
        .arg(result.status)
        .arg(text(result.header("content-type")), text(result.header("x-topcoat-api")), text(body));
}

QString headerMismatch(const HttpResult& result) {
    if (result.header("x-topcoat-api") != "1")
        return QStringLiteral("X-Topcoat-Api is not 1: ") + describe(result);
    if (mediaType(result) != QLatin1String("application/json"))
        return QStringLiteral("not application/json: ") + describe(result);
    return {};
}

QString responseMismatch(const HttpResult& result, int status) {
    if (result.status != status)
        return QStringLiteral("expected HTTP %1: ").arg(status) + describe(result);
    return headerMismatch(result);
}

QString clientErrorMismatch(const HttpResult& result, int status) {
    if (auto response = responseMismatch(result, status); !response.isEmpty())
        return response;
    try {
        const auto body = result.json();
        if (keysOf(body) != std::set<std::string>{"error"})
            return QStringLiteral("the error body has members besides 'error': ") +
                   describe(result);
        const auto error = body->getObject("error");
        if (!error || keysOf(error) != std::set<std::string>{"code", "message"})
            return QStringLiteral("error is not exactly {code, message}: ") + describe(result);
        if (!error->get("code").isString() || !error->get("message").isString())
            return QStringLiteral("error.code or error.message is not a string: ") +
                   describe(result);
        static const QRegularExpression snakeCase(QStringLiteral("^[a-z][a-z0-9_]*$"));
        if (!snakeCase.match(text(error->getValue<std::string>("code"))).hasMatch())
            return QStringLiteral("error.code is not snake_case: ") + describe(result);
        if (error->getValue<std::string>("message").empty())
            return QStringLiteral("error.message is empty: ") + describe(result);
    } catch (const Poco::Exception& parseError) {
        return QStringLiteral("the error body is not a JSON object (%1): ")
                   .arg(text(parseError.displayText())) +
               describe(result);
    }
    return {};
}

QString errorMismatch(const HttpResult& result, int status, const std::string& code) {
    if (auto shape = clientErrorMismatch(result, status); !shape.isEmpty())
        return shape;
    if (result.errorCode() != code)
        return QStringLiteral("expected error code %1: ").arg(text(code)) + describe(result);
    return {};
}

std::set<std::string> keysOf(const Poco::JSON::Object::Ptr& object) {
    std::set<std::string> keys;
    if (object)
        for (const auto& name : object->getNames())
            keys.insert(name);
    return keys;
}

QString missingKeys(const Poco::JSON::Object::Ptr& object, const std::set<std::string>& required) {
    if (!object)
        return QStringLiteral("not an object");
    QStringList missing;
    for (const auto& key : required)
        if (!object->has(key))
            missing << text(key);
    if (missing.isEmpty())
        return {};
    std::ostringstream json;
    object->stringify(json);
    return QStringLiteral("missing %1 in %2")
        .arg(missing.join(QStringLiteral(", ")), text(json.str()));
}

std::set<std::string> productKeys() {
    return {"sku", "name", "shade_hex", "price_cents", "sale_price_cents", "stock", "sale_id"};
}

std::set<std::string> orderKeys() {
    return {"order_id", "sku",    "quantity",   "unit_price_cents", "total_cents",
            "customer", "status", "created_at", "sale_id"};
}

std::set<std::string> saleKeys() {
    return {"id", "name", "starts_at", "ends_at", "state", "per_customer_limit", "items"};
}

bool isRfc3339Utc(const std::string& value) {
    static const QRegularExpression pattern(
        QStringLiteral(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)"));
    const auto candidate = text(value);
    return pattern.match(candidate).hasMatch() &&
           QDateTime::fromString(candidate, Qt::ISODateWithMs).isValid();
}

} // namespace topcoat::test

#pragma once

// The readers the admin API's parsers are built from: each fills `out` and returns true, or
// returns false when the field is missing or of the wrong type, so a parser is a chain of `&&`
// that stops at the first bad field.

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <cmath>
#include <limits>
#include <optional>

namespace topcoat::ui::jsonread {
inline bool readString(const QJsonObject& json, const char* key, QString& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (!value.isString())
        return false;
    out = value.toString();
    return true;
}

inline bool readBool(const QJsonObject& json, const char* key, bool& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (!value.isBool())
        return false;
    out = value.toBool();
    return true;
}

// JSON has one number type; the API's integers must not carry a fraction (1.5 is refused, as
// the server refuses it).
inline bool toInteger(const QJsonValue& value, qint64& out) {
    if (!value.isDouble())
        return false;
    const double number = value.toDouble();
    const double limit = std::ldexp(1.0, 63); // beyond qint64
    if (!std::isfinite(number) || std::trunc(number) != number || std::abs(number) >= limit)
        return false;
    // Qt keeps integers exactly, so ask it rather than round-trip through the double.
    out = value.toInteger(static_cast<qint64>(number));
    return true;
}

inline bool readInteger(const QJsonObject& json, const char* key, qint64& out) {
    return toInteger(json.value(QLatin1StringView(key)), out);
}

inline bool readInteger(const QJsonObject& json, const char* key, int& out) {
    qint64 wide = 0;
    if (!readInteger(json, key, wide) || wide < std::numeric_limits<int>::min() ||
        wide > std::numeric_limits<int>::max())
        return false;
    out = static_cast<int>(wide);
    return true;
}

// Nullable integers (sale_price_cents, sale_id): null or absent is "none", not an error.
inline bool readOptionalInteger(const QJsonObject& json, const char* key,
                                std::optional<qint64>& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (value.isNull() || value.isUndefined()) {
        out.reset();
        return true;
    }
    qint64 number = 0;
    if (!toInteger(value, number))
        return false;
    out = number;
    return true;
}

// A field newer servers add: absent (an older server) reads as `fallback`, a wrong type fails.
inline bool readAddedInteger(const QJsonObject& json, const char* key, qint64& out,
                             qint64 fallback) {
    if (!json.contains(QLatin1StringView(key))) {
        out = fallback;
        return true;
    }
    return readInteger(json, key, out);
}

// As readAddedInteger, for text.
inline bool readAddedString(const QJsonObject& json, const char* key, QString& out,
                            const QString& fallback) {
    if (!json.contains(QLatin1StringView(key))) {
        out = fallback;
        return true;
    }
    return readString(json, key, out);
}

// The server writes non-finite numbers as null; a latency of "no data" reads as 0.
inline bool readDouble(const QJsonObject& json, const char* key, double& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (value.isNull()) {
        out = 0;
        return true;
    }
    if (!value.isDouble())
        return false;
    out = value.toDouble();
    return true;
}

inline bool readTime(const QJsonObject& json, const char* key, QDateTime& out) {
    QString text;
    if (!readString(json, key, text))
        return false;
    const auto time = QDateTime::fromString(text, Qt::ISODate);
    if (!time.isValid())
        return false;
    out = time.toUTC();
    return true;
}

inline bool readMillis(const QJsonObject& json, const char* key, QDateTime& out) {
    qint64 millis = 0;
    if (!readInteger(json, key, millis))
        return false;
    out = QDateTime::fromMSecsSinceEpoch(millis, Qt::UTC);
    return true;
}

inline bool readObject(const QJsonObject& json, const char* key, QJsonObject& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (!value.isObject())
        return false;
    out = value.toObject();
    return true;
}

// Every element must be an object that `parse` accepts.
template <typename T, typename Parse>
inline bool readList(const QJsonObject& json, const char* key, QList<T>& out, Parse parse) {
    const auto value = json.value(QLatin1StringView(key));
    if (!value.isArray())
        return false;
    out.clear();
    for (const auto& element : value.toArray()) {
        if (!element.isObject())
            return false;
        auto parsed = parse(element.toObject());
        if (!parsed)
            return false;
        out.append(std::move(*parsed));
    }
    return true;
}

// Every element must be a string.
inline bool readStrings(const QJsonObject& json, const char* key, QStringList& out) {
    const auto value = json.value(QLatin1StringView(key));
    if (!value.isArray())
        return false;
    out.clear();
    for (const auto& element : value.toArray()) {
        if (!element.isString())
            return false;
        out.append(element.toString());
    }
    return true;
}

} // namespace topcoat::ui::jsonread

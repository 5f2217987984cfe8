#include "MailTypes.h"

#include <QJsonArray>
#include <QJsonValue>

namespace topcoat::ui {
namespace {

std::optional<MailTemplate> parseTemplate(const QJsonValue& value) {
    const auto json = value.toObject();
    const auto subject = json.value(QLatin1StringView("subject"));
    const auto text = json.value(QLatin1StringView("text"));
    const auto html = json.value(QLatin1StringView("html"));
    const auto edited = json.value(QLatin1StringView("edited"));
    if (!subject.isString() || !text.isString() || !html.isString() || !edited.isBool())
        return std::nullopt;
    return MailTemplate{subject.toString(), text.toString(), html.toString(), edited.toBool()};
}

// A string, or null for "none" (read as empty).
bool stringOrNull(const QJsonValue& value) {
    return value.isString() || value.isNull();
}

} // namespace

QStringList mailKinds() {
    return {QStringLiteral("confirmation"), QStringLiteral("paid"), QStringLiteral("shipped"),
            QStringLiteral("cancelled")};
}

std::optional<MailSettings> parseMailSettings(const QJsonObject& json) {
    const auto sending = json.value(QLatin1StringView("sending"));
    const auto server = json.value(QLatin1StringView("server"));
    const auto from = json.value(QLatin1StringView("from"));
    const auto templates = json.value(QLatin1StringView("templates"));
    const auto placeholders = json.value(QLatin1StringView("placeholders"));
    if (!sending.isBool() || !stringOrNull(server) || !stringOrNull(from) ||
        !templates.isObject() || !placeholders.isArray())
        return std::nullopt;
    MailSettings settings;
    settings.sending = sending.toBool();
    settings.server = server.toString();
    settings.from = from.toString();
    const auto byKind = templates.toObject();
    for (const auto& kind : mailKinds()) {
        auto mailTemplate = parseTemplate(byKind.value(kind));
        if (!mailTemplate)
            return std::nullopt;
        settings.templates.insert(kind, *mailTemplate);
    }
    for (const auto& name : placeholders.toArray()) {
        if (!name.isString())
            return std::nullopt;
        settings.placeholders.append(name.toString());
    }
    return settings;
}

QJsonObject mailTemplateBody(const MailTemplate& mailTemplate) {
    return {{QStringLiteral("subject"), mailTemplate.subject},
            {QStringLiteral("text"), mailTemplate.text},
            {QStringLiteral("html"), mailTemplate.html}};
}

} // namespace topcoat::ui

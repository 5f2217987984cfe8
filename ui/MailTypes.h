#pragma once

// The order e-mails as the console sees them on the wire (GET /admin/mail and the template
// routes, server/API.md "Order e-mails"): whether mail goes out and from where, and the owner's
// template for each kind of message.

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>
#include <optional>

namespace topcoat::ui {

struct MailTemplate {
    QString subject;
    QString text;
    QString html;
    bool edited = false; // false: the server's default

    // The same words, edited or not.
    bool sameContent(const MailTemplate& other) const {
        return subject == other.subject && text == other.text && html == other.html;
    }
};

struct MailSettings {
    bool sending = false;
    QString server;                        // smtp://HOST:PORT; empty when mail is off
    QString from;                          // the --mail-from address; empty when mail is off
    QMap<QString, MailTemplate> templates; // by kind
    QStringList placeholders;
};

// The kinds of message, in the order a shop sends them.
QStringList mailKinds();

// The body of GET /admin/mail (and of the template routes); nothing when a field is missing or
// of the wrong type, or a kind is missing.
std::optional<MailSettings> parseMailSettings(const QJsonObject& json);
// The PUT /admin/mail/templates/{kind} body.
QJsonObject mailTemplateBody(const MailTemplate& mailTemplate);

} // namespace topcoat::ui

#pragma once

// The order e-mails a customer gets, as the owner wrote them: for each kind a subject, a plain
// text and an HTML body with {{placeholders}} filled in per order. Kinds the owner never
// edited use the defaults here.

#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace topcoat::mail {

enum class MailKind { Confirmation, Paid, Shipped, Cancelled };

inline constexpr std::array everyMailKind{MailKind::Confirmation, MailKind::Paid, MailKind::Shipped,
                                          MailKind::Cancelled};

std::string_view nameOf(MailKind kind); // "confirmation", "paid", "shipped", "cancelled"
std::optional<MailKind> mailKindNamed(std::string_view name);
// The order event that sends each kind ("order.created" sends the confirmation); nothing for
// events that send no e-mail.
std::optional<MailKind> mailKindFor(std::string_view eventType);

struct MailTemplate {
    std::string subject;
    std::string text;
    std::string html;
    bool operator==(const MailTemplate&) const = default;
};

MailTemplate defaultTemplate(MailKind kind);

// The names a template may use: shop_name, order_id, customer, product_name, sku, shade_hex,
// quantity, unit_price, total, status, ordered_at, shipping_name, shipping_address.
const std::array<std::string_view, 13>& placeholderNames();

// Why `text` is not a template ("{{colour}} is not a placeholder", "an unclosed {{"); nothing
// when it is one.
std::optional<std::string> templateProblem(std::string_view text);

// `text` with every {{name}} replaced by values.at(name), each value passed through `escape`
// (HTML escaping for the HTML body). `text` must have no templateProblem.
std::string render(std::string_view text, const std::map<std::string, std::string>& values,
                   std::string (*escape)(std::string_view) = nullptr);

// Escaped for HTML text and attribute values; a line break also becomes <br>.
std::string escapeHtml(std::string_view text);

// The owner's templates, over the defaults: what is stored in the "mail_templates" setting is
// only what the owner changed.
class MailTemplates {
public:
    MailTemplate of(MailKind kind) const;
    bool edited(MailKind kind) const;
    void set(MailKind kind, MailTemplate edited);
    void reset(MailKind kind);

    // The stored form: {"confirmation":{"subject","text","html"},...}, edited kinds only.
    std::string toJson() const;
    // Nothing when `json` is not one (edited by hand): the caller keeps the defaults then.
    static std::optional<MailTemplates> fromJson(const std::string& json);

private:
    std::map<MailKind, MailTemplate> edited_;
};

inline constexpr const char* mailTemplatesSettingName = "mail_templates";

} // namespace topcoat::mail

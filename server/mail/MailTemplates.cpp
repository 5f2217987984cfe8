#include "MailTemplates.h"

#include "server/http/JsonWriter.h"

#include <Poco/JSON/Parser.h>
#include <algorithm>

namespace topcoat::mail {
namespace {

constexpr std::string_view open = "{{";
constexpr std::string_view close = "}}";

bool isPlaceholder(std::string_view name) {
    const auto& names = placeholderNames();
    return std::find(names.begin(), names.end(), name) != names.end();
}

constexpr const char* orderLinesText = "{{quantity}} × {{product_name}} ({{shade_hex}}), "
                                       "{{unit_price}} each\n"
                                       "Total: {{total}}\n";

// The shade as a swatch of its colour, for mail readers that show HTML.
constexpr const char* orderLinesHtml =
    "<table cellpadding=\"6\" style=\"border-collapse:collapse\">\n<tr>"
    "<td><span style=\"display:inline-block;width:18px;height:18px;border-radius:9px;"
    "background:{{shade_hex}}\"></span></td>\n"
    "<td>{{quantity}} &times; <strong>{{product_name}}</strong> ({{shade_hex}})</td>\n"
    "<td>{{unit_price}} each</td></tr>\n</table>\n"
    "<p>Total: <strong>{{total}}</strong></p>\n";

MailTemplate compose(std::string subject, std::string_view opening) {
    MailTemplate composed;
    composed.subject = std::move(subject);
    composed.text =
        std::string(opening) + "\n\nOrder {{order_id}}\n" + orderLinesText + "\n{{shop_name}}\n";
    composed.html = "<p>" + std::string(opening) +
                    "</p>\n<p>Order <strong>{{order_id}}</strong></p>\n" + orderLinesHtml +
                    "<p>{{shop_name}}</p>\n";
    return composed;
}

} // namespace

std::string_view nameOf(MailKind kind) {
    switch (kind) {
    case MailKind::Confirmation:
        return "confirmation";
    case MailKind::Paid:
        return "paid";
    case MailKind::Shipped:
        return "shipped";
    case MailKind::Cancelled:
        return "cancelled";
    }
    return "confirmation";
}

std::optional<MailKind> mailKindNamed(std::string_view name) {
    for (const auto kind : everyMailKind)
        if (nameOf(kind) == name)
            return kind;
    return std::nullopt;
}

std::optional<MailKind> mailKindFor(std::string_view eventType) {
    if (eventType == "order.created")
        return MailKind::Confirmation;
    if (eventType == "order.paid")
        return MailKind::Paid;
    if (eventType == "order.fulfilled")
        return MailKind::Shipped;
    if (eventType == "order.cancelled")
        return MailKind::Cancelled;
    return std::nullopt;
}

MailTemplate defaultTemplate(MailKind kind) {
    switch (kind) {
    case MailKind::Confirmation:
        return compose("Your order {{order_id}} at {{shop_name}}",
                       "Thank you for your order! Here is what you bought.");
    case MailKind::Paid:
        return compose("Payment received for order {{order_id}}",
                       "We have received your payment. Your order is being prepared.");
    case MailKind::Shipped:
        return compose("Your order {{order_id}} is on its way",
                       "Good news: your order has been sent.");
    case MailKind::Cancelled:
        return compose("Your order {{order_id}} was cancelled",
                       "Your order has been cancelled. If you paid, the money will be returned.");
    }
    return {};
}

const std::array<std::string_view, 13>& placeholderNames() {
    static constexpr std::array<std::string_view, 13> names{
        "shop_name",  "order_id",      "customer",        "product_name", "sku",
        "shade_hex",  "quantity",      "unit_price",      "total",        "status",
        "ordered_at", "shipping_name", "shipping_address"};
    return names;
}

std::optional<std::string> templateProblem(std::string_view text) {
    for (std::size_t at = text.find(open); at != std::string_view::npos; at = text.find(open, at)) {
        const auto end = text.find(close, at + open.size());
        if (end == std::string_view::npos)
            return "an unclosed {{";
        const auto name = text.substr(at + open.size(), end - at - open.size());
        if (!isPlaceholder(name))
            return "{{" + std::string(name.substr(0, 40)) + "}} is not a placeholder";
        at = end + close.size();
    }
    return std::nullopt;
}

std::string render(std::string_view text, const std::map<std::string, std::string>& values,
                   std::string (*escape)(std::string_view)) {
    std::string out;
    out.reserve(text.size() + 256);
    std::size_t from = 0;
    for (auto at = text.find(open); at != std::string_view::npos; at = text.find(open, from)) {
        const auto end = text.find(close, at + open.size());
        out.append(text.substr(from, at - from));
        const auto& value =
            values.at(std::string(text.substr(at + open.size(), end - at - open.size())));
        out.append(escape ? escape(value) : value);
        from = end + close.size();
    }
    out.append(text.substr(from));
    return out;
}

std::string escapeHtml(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        case '\n':
            out += "<br>\n";
            break;
        default:
            out += c;
        }
    }
    return out;
}

MailTemplate MailTemplates::of(MailKind kind) const {
    const auto found = edited_.find(kind);
    return found != edited_.end() ? found->second : defaultTemplate(kind);
}

bool MailTemplates::edited(MailKind kind) const {
    return edited_.contains(kind);
}

void MailTemplates::set(MailKind kind, MailTemplate edited) {
    edited_[kind] = std::move(edited);
}

void MailTemplates::reset(MailKind kind) {
    edited_.erase(kind);
}

std::string MailTemplates::toJson() const {
    http::JsonWriter json;
    json.beginObject();
    for (const auto& [kind, edited] : edited_)
        json.key(std::string(nameOf(kind)))
            .beginObject()
            .field("subject", edited.subject)
            .field("text", edited.text)
            .field("html", edited.html)
            .endObject();
    json.endObject();
    return json.take();
}

std::optional<MailTemplates> MailTemplates::fromJson(const std::string& json) {
    try {
        const auto root = Poco::JSON::Parser().parse(json).extract<Poco::JSON::Object::Ptr>();
        MailTemplates templates;
        for (const auto& [name, value] : *root) {
            const auto kind = mailKindNamed(name);
            const auto edited = value.extract<Poco::JSON::Object::Ptr>();
            if (!kind || !edited)
                return std::nullopt;
            MailTemplate read{edited->getValue<std::string>("subject"),
                              edited->getValue<std::string>("text"),
                              edited->getValue<std::string>("html")};
            if (templateProblem(read.subject) || templateProblem(read.text) ||
                templateProblem(read.html))
                return std::nullopt;
            templates.set(*kind, std::move(read));
        }
        return templates;
    } catch (const Poco::Exception&) {
        return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace topcoat::mail

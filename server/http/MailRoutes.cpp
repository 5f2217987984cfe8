#include "MailRoutes.h"

#include "JsonWriter.h"
#include "RequestFields.h"
#include "server/mail/SmtpMailer.h"

#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

// Text a template may hold: no control characters but tab and line breaks (none at all in a
// subject, which becomes a header).
bool isTemplateText(std::string_view text, bool oneLine) {
    return std::none_of(text.begin(), text.end(), [&](unsigned char c) {
        const bool lineBreak = c == '\n' || c == '\r' || c == '\t';
        return (c < 0x20 && (oneLine || !lineBreak)) || c == 0x7f;
    });
}

// A sample order for a test message: the catalog's first product, or a stand-in.
Order sampleOrder(const Catalog& catalog, const std::string& to, TimePoint now) {
    Order order;
    order.orderId = "TEST-ORDER";
    order.customer = to;
    order.quantity = 1;
    order.createdAt = now;
    const auto snapshot = catalog.snapshot();
    if (!snapshot->entries().empty()) {
        const auto& product = snapshot->entries().front().product;
        order.sku = product.sku;
        order.unitPriceCents = order.totalCents = product.priceCents;
    } else {
        order.sku = "SAMPLE";
        order.unitPriceCents = order.totalCents = 1200;
    }
    return order;
}

std::optional<mail::MailKind> kindOf(const HttpRequest& request) {
    return mail::mailKindNamed(request.params.at(0));
}

} // namespace

HttpResponse MailRoutes::answer(const mail::MailTemplates& templates) const {
    JsonWriter json;
    json.beginObject().field("sending", email_ != nullptr).key("server");
    if (email_)
        json.value(email_->server().text());
    else
        json.null();
    json.key("from");
    if (email_)
        json.value(email_->server().from);
    else
        json.null();
    json.key("templates").beginObject();
    for (const auto kind : mail::everyMailKind) {
        const auto current = templates.of(kind);
        json.key(std::string(mail::nameOf(kind)))
            .beginObject()
            .field("subject", current.subject)
            .field("text", current.text)
            .field("html", current.html)
            .field("edited", templates.edited(kind))
            .endObject();
    }
    json.endObject().key("placeholders").beginArray();
    for (const auto name : mail::placeholderNames())
        json.value(name);
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse MailRoutes::current(const HttpRequest&) const {
    return answer(read_());
}

HttpResponse MailRoutes::change(const HttpRequest& request) {
    const auto kind = kindOf(request);
    if (!kind)
        return HttpResponse::error(ApiError::UnknownTemplate,
                                   "templates are confirmation, paid, shipped and cancelled");
    RequestFields fields(request.body);
    const auto subject = fields.string(
        "subject", Presence::Required,
        [](std::string_view text) {
            return !text.empty() && text.size() <= maxSubjectBytes && isTemplateText(text, true);
        },
        "1-200 bytes of text on one line");
    const auto bodyRule = [](std::string_view text) {
        return !text.empty() && isTemplateText(text, false);
    };
    const auto text = fields.string("text", Presence::Required, bodyRule, "non-empty text");
    const auto html = fields.string("html", Presence::Required, bodyRule, "non-empty text");
    if (!fields.failed())
        for (const auto& [name, value] :
             {std::pair{"subject", *subject}, std::pair{"text", *text}, std::pair{"html", *html}})
            if (const auto problem = mail::templateProblem(value)) {
                fields.reject(std::string(name) + ": " + *problem +
                              " (placeholders: shop_name, "
                              "order_id, customer, product_name, sku, shade_hex, quantity, "
                              "unit_price, total, status, ordered_at, shipping_name, "
                              "shipping_address)");
                break;
            }
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    std::lock_guard lock(changing_);
    auto templates = read_();
    templates.set(*kind, {*subject, *text, *html});
    save_(mail::mailTemplatesSettingName, templates.toJson());
    spdlog::get("admin")->info("the {} e-mail was edited", mail::nameOf(*kind));
    return answer(templates);
}

HttpResponse MailRoutes::reset(const HttpRequest& request) {
    const auto kind = kindOf(request);
    if (!kind)
        return HttpResponse::error(ApiError::UnknownTemplate,
                                   "templates are confirmation, paid, shipped and cancelled");
    std::lock_guard lock(changing_);
    auto templates = read_();
    templates.reset(*kind);
    save_(mail::mailTemplatesSettingName, templates.toJson());
    spdlog::get("admin")->info("the {} e-mail is the default again", mail::nameOf(*kind));
    return answer(templates);
}

HttpResponse MailRoutes::sendTest(const HttpRequest& request) const {
    RequestFields fields(request.body);
    const auto to =
        fields.string("to", Presence::Required, mail::isMailableAddress, "an e-mail address");
    const auto kindName = fields.string("kind", Presence::Optional);
    const auto kind = mail::mailKindNamed(kindName.value_or("confirmation"));
    if (!fields.failed() && !kind)
        fields.reject("kind must be confirmation, paid, shipped or cancelled");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());
    if (!email_)
        return HttpResponse::error(ApiError::MailNotConfigured,
                                   "no mail server is configured: start topcoatd with --smtp "
                                   "and --mail-from");
    const auto mail = email_->compose(*kind, sampleOrder(catalog_, *to, clock_.now()), 0, read_());
    try {
        // A session of its own: the outbox's sender may be in the middle of one.
        mail::SmtpMailer mailer(email_->server());
        mailer.send(mail, email_->shopName());
    } catch (const mail::MailError& error) {
        return HttpResponse::error(ApiError::MailNotSent,
                                   std::string("the mail server did not take it: ") + error.what());
    }
    spdlog::get("admin")->info("a test {} e-mail was sent to {}", mail::nameOf(*kind), *to);
    return HttpResponse::json(200, R"({"sent":true})");
}

} // namespace topcoat::http

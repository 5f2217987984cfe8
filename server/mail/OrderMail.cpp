#include "OrderMail.h"

#include "server/core/OrderStatus.h"
#include "server/core/Rfc3339.h"

#include <algorithm>
#include <cstring>
#include <map>
#include <random>

namespace topcoat::mail {
namespace {

// RFC 5322 atext.
bool isAtext(unsigned char c) {
    return std::isalnum(c) || std::strchr("!#$%&'*+/=?^_`{|}~-", c) != nullptr;
}

std::string oneLine(std::string_view text) {
    std::string line;
    for (const char c : text)
        line += c == '\n' ? std::string(", ") : std::string(1, c);
    return line;
}

std::string randomHex() {
    std::random_device device;
    std::uniform_int_distribution<std::uint64_t> any;
    char text[17];
    std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(any(device)));
    return text;
}

} // namespace

std::string formatMoney(std::int64_t cents, std::string_view currency) {
    const bool negative = cents < 0;
    const auto magnitude = negative ? -cents : cents;
    char minor[3];
    std::snprintf(minor, sizeof minor, "%02lld", static_cast<long long>(magnitude % 100));
    return (negative ? "-" : "") + std::to_string(magnitude / 100) + "." + minor + " " +
           std::string(currency);
}

bool isMailableAddress(std::string_view address) {
    if (!isPlausibleEmail(address))
        return false;
    const auto local = address.substr(0, address.find('@'));
    if (local.front() == '.' || local.back() == '.' || local.find("..") != std::string_view::npos)
        return false;
    return std::all_of(local.begin(), local.end(),
                       [](unsigned char c) { return c == '.' || isAtext(c); });
}

ComposedMail composeOrderMail(const MailTemplate& mailTemplate, const Order& order,
                              const std::optional<Product>& product, const ShopIdentity& shop,
                              std::int64_t eventId, std::string_view senderDomain) {
    const std::map<std::string, std::string> values{
        {"shop_name", shop.name},
        {"order_id", order.orderId},
        {"customer", order.customer},
        {"product_name", product ? product->name : order.sku},
        {"sku", order.sku},
        {"shade_hex", product ? product->shadeHex : std::string("#000000")},
        {"quantity", std::to_string(order.quantity)},
        {"unit_price", formatMoney(order.unitPriceCents, shop.currency)},
        {"total", formatMoney(order.totalCents, shop.currency)},
        {"status", std::string(toString(order.status))},
        {"ordered_at", formatRfc3339(order.createdAt)},
        {"shipping_name", order.shipping ? order.shipping->name : std::string()},
        {"shipping_address", order.shipping ? shippingLabel(*order.shipping) : std::string()},
    };
    ComposedMail mail;
    mail.to = order.customer;
    // A header is one line: a multi-line value (the address) is joined with commas.
    mail.subject = render(mailTemplate.subject, values, oneLine);
    mail.text = render(mailTemplate.text, values);
    mail.html = render(mailTemplate.html, values, escapeHtml);
    mail.messageId = "<" +
                     (eventId > 0 ? "order-" + order.orderId + "-event-" + std::to_string(eventId)
                                  : "test-" + randomHex()) +
                     "@" + std::string(senderDomain) + ">";
    return mail;
}

} // namespace topcoat::mail

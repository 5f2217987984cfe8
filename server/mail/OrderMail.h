#pragma once

// One order e-mail put together: the customer's address, the subject and both bodies of the
// kind's template filled in with the order, its shade as the catalog has it and the shop's
// name, and a Message-ID made from the outbox event, so that a message sent twice (after a
// crash between sending and recording it) is recognisably the same message.

#include "MailTemplates.h"
#include "server/core/Order.h"
#include "server/core/Product.h"
#include "server/core/ShopIdentity.h"

#include <cstdint>
#include <optional>
#include <string>

namespace topcoat::mail {

struct ComposedMail {
    std::string to;
    std::string subject;
    std::string text;
    std::string html;
    std::string messageId; // "<...>"
};

// "12.50 EUR": every shop currency has two minor digits.
std::string formatMoney(std::int64_t cents, std::string_view currency);

// Whether mail can be sent to `address`: a plausible address whose local part is a dot-atom
// (RFC 5322), so that nothing in it can break the SMTP envelope or a header.
bool isMailableAddress(std::string_view address);

// `product` is nothing when the order's SKU is no longer in the catalog: the SKU stands in for
// its name. `eventId` 0 for a test message.
ComposedMail composeOrderMail(const MailTemplate& mailTemplate, const Order& order,
                              const std::optional<Product>& product, const ShopIdentity& shop,
                              std::int64_t eventId, std::string_view senderDomain);

} // namespace topcoat::mail

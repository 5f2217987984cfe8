#pragma once

// The JSON every receiver of an order event gets:
// {"id":EVENT_ID,"type":"order.created","at":RFC3339,"order":Order|null}. `order` is the order
// as it is when the message is sent; `type` and `at` say what happened and when. A receiver
// de-duplicates on `id`: a message can arrive more than once.

#include "db/Records.h"
#include "server/core/Order.h"

#include <optional>
#include <string>

namespace topcoat::outbox {

std::string orderEventJson(const db::OutboxEventRow& event, const std::optional<Order>& order);

} // namespace topcoat::outbox

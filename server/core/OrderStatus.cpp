#include "OrderStatus.h"

#include <array>
#include <utility>

namespace topcoat {
namespace {

constexpr std::array<std::pair<OrderStatus, std::string_view>, 7> names{{
    {OrderStatus::Confirmed, "confirmed"},
    {OrderStatus::AwaitingPayment, "awaiting_payment"},
    {OrderStatus::Paid, "paid"},
    {OrderStatus::Expired, "expired"},
    {OrderStatus::Fulfilled, "fulfilled"},
    {OrderStatus::Cancelled, "cancelled"},
    {OrderStatus::Refunded, "refunded"},
}};

using enum OrderStatus;
constexpr std::array<std::pair<OrderStatus, OrderStatus>, 8> moves{{
    {AwaitingPayment, Paid},
    {AwaitingPayment, Expired},
    {AwaitingPayment, Cancelled},
    {Confirmed, Fulfilled},
    {Confirmed, Cancelled},
    {Paid, Fulfilled},
    {Paid, Refunded},
    {Fulfilled, Refunded},
}};

} // namespace

std::string_view toString(OrderStatus status) {
    for (const auto& [value, name] : names)
        if (value == status)
            return name;
    return "confirmed";
}

std::optional<OrderStatus> parseOrderStatus(std::string_view name) {
    for (const auto& [value, text] : names)
        if (text == name)
            return value;
    return std::nullopt;
}

bool canMove(OrderStatus from, OrderStatus to) {
    for (const auto& move : moves)
        if (move == std::pair{from, to})
            return true;
    return false;
}

std::vector<OrderStatus> statusesBefore(OrderStatus to) {
    std::vector<OrderStatus> before;
    for (const auto& [from, into] : moves)
        if (into == to)
            before.push_back(from);
    return before;
}

bool returnsUnits(OrderStatus to, bool restock) {
    return to == Expired || to == Cancelled || (to == Refunded && restock);
}

} // namespace topcoat

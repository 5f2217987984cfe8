#include "QueueRoutes.h"

#include "JsonWriter.h"
#include "RequestFields.h"
#include "server/core/Validation.h"

namespace topcoat::http {
namespace {

std::string ticketJson(const TicketStatus& status) {
    JsonWriter json;
    json.beginObject()
        .field("ticket", status.ticket)
        .field("position", status.position)
        .field("eta_seconds", status.etaSeconds)
        .field("admitted", status.pass.has_value());
    if (status.pass)
        json.field("pass", *status.pass);
    json.endObject();
    return json.take();
}

} // namespace

HttpResponse QueueRoutes::state(const HttpRequest&) const {
    const auto& room = protection_.waitingRoom();
    const auto settings = room.settings();
    JsonWriter json;
    json.beginObject()
        .field("enabled", settings.enabled)
        .field("admit_per_minute", settings.admitPerMinute)
        .field("length", room.counts().waiting)
        .endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse QueueRoutes::join(const HttpRequest& request) const {
    RequestFields fields(request.body);
    const auto text =
        fields.string("customer", Presence::Required, {}, "the customer's e-mail address");
    std::optional<std::string> customer;
    if (text && !(customer = canonicalCustomer(*text)))
        fields.reject("customer must be the customer's e-mail address");
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    const auto now = clock_.now();
    const auto joined = protection_.waitingRoom().join(*customer, now, opening(now));
    if (!joined) {
        if (joined.error() == QueueError::Closed)
            return HttpResponse::error(ApiError::QueueClosed,
                                       "the waiting room is not open; buy directly");
        auto full = HttpResponse::error(ApiError::Overloaded,
                                        "the waiting room is full; try again shortly");
        full.headers.emplace_back("Retry-After", "5");
        return full;
    }
    return HttpResponse::json(200, ticketJson(joined.value()));
}

HttpResponse QueueRoutes::ticket(const HttpRequest& request) const {
    const auto status = protection_.waitingRoom().status(request.params.at(0), clock_.now());
    if (!status)
        return HttpResponse::error(ApiError::UnknownTicket,
                                   "no such ticket, or it expired; join the queue again");
    return HttpResponse::json(200, ticketJson(*status));
}

std::optional<TimePoint> QueueRoutes::opening(TimePoint now) const {
    // Only a sale starting within a day draws places at random: nobody keeps a page polling
    // for longer, and tickets nobody polls are dropped anyway.
    constexpr auto horizon = std::chrono::hours(24);
    std::optional<TimePoint> next;
    for (const auto& sale : *sales_.snapshot()) {
        const auto state = sale.stateAt(now);
        if (state == SaleState::Live)
            return std::nullopt;
        if (state == SaleState::Scheduled && sale.startsAt - now <= horizon &&
            (!next || sale.startsAt < *next))
            next = sale.startsAt;
    }
    return next;
}

} // namespace topcoat::http

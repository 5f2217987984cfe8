#include "ClusterRoutes.h"

#include "JsonWriter.h"
#include "server/core/Rfc3339.h"
#include "server/core/ShopRepository.h"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>
#include <algorithm>
#include <map>
#include <spdlog/spdlog.h>
#include <sstream>

namespace topcoat::http {
namespace {

struct Listed {
    Poco::JSON::Object::Ptr report;
    bool up = false;
};

// A stored report that reads, with its time; nullopt for anything else (a directory is shared
// storage: what it holds is checked like any input).
std::optional<std::pair<Poco::JSON::Object::Ptr, TimePoint>> readReport(const std::string& text) {
    try {
        auto report = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
        if (!report || !report->has("node") || !report->has("reported_at"))
            return std::nullopt;
        const auto at = parseRfc3339(report->getValue<std::string>("reported_at"));
        if (!at)
            return std::nullopt;
        return std::pair{report, *at};
    } catch (const Poco::Exception&) {
        return std::nullopt;
    }
}

std::int64_t number(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    return object && object->has(name) ? object->getValue<std::int64_t>(name) : 0;
}

} // namespace

std::string ClusterRoutes::report() const {
    const auto now = clock_.now();
    const auto recent = history_.since(now - std::chrono::seconds(3));
    JsonWriter json;
    json.beginObject()
        .field("node", facts_.node())
        .field("admin", facts_.adminBind + ":" + std::to_string(facts_.adminPort()))
        .field("version", facts_.version)
        .field("started_at", formatRfc3339(facts_.startedAt))
        .field("reported_at", formatRfc3339(now))
        .field("inventory", facts_.inventory)
        .field("orders", facts_.orders)
        .field("orders_committed", facts_.ordersCommitted());
    json.key("last_second").beginObject();
    const StatsSample last = recent.empty() ? StatsSample{} : recent.back();
    json.field("storefront_requests", last.storefrontRequests);
    json.key("checkouts").beginObject();
    for (std::size_t i = 0; i < allCheckoutOutcomes.size(); ++i)
        json.field(toString(allCheckoutOutcomes[i]), last.checkouts[i]);
    json.endObject().field("p99_ms", last.p99Ms).field("in_flight", last.inFlight).endObject();
    json.endObject();
    return json.take();
}

HttpResponse ClusterRoutes::cluster(const HttpRequest&) const {
    const auto now = clock_.now();
    const auto self = facts_.node();
    std::map<std::string, Listed> nodes; // by name, so the list reads the same on every node
    nodes[self] = {readReport(report())->first, true};
    if (directory_) {
        std::vector<std::string> stored;
        try {
            stored = directory_->reports();
        } catch (const StorageError& error) {
            // This storefront still answers for itself.
            spdlog::get("http")->warn("cluster: the other storefronts' reports: {}", error.what());
        }
        for (const auto& text : stored) {
            const auto read = readReport(text);
            if (!read || now - read->second > forgetAfter)
                continue;
            const auto name = read->first->getValue<std::string>("node");
            if (name != self)
                nodes[name] = {read->first, now - read->second <= upWithin};
        }
    }

    JsonWriter json;
    json.beginObject().field("this_node", self);
    json.key("nodes").beginArray();
    std::int64_t up = 0, requests = 0, confirmed = 0, inFlight = 0, committed = 0;
    for (auto& [name, listed] : nodes) {
        listed.report->set("up", listed.up);
        std::ostringstream text;
        Poco::JSON::Stringifier::condense(listed.report, text);
        json.raw(text.str());
        if (!listed.up)
            continue;
        const auto last = listed.report->getObject("last_second");
        ++up;
        requests += number(last, "storefront_requests");
        confirmed += last ? number(last->getObject("checkouts"), "confirmed") : 0;
        inFlight += number(last, "in_flight");
        committed += number(listed.report, "orders_committed");
    }
    json.endArray();
    json.key("totals")
        .beginObject()
        .field("nodes_up", up)
        .field("storefront_requests", requests)
        .field("confirmed", confirmed)
        .field("in_flight", inFlight)
        .field("orders_committed", committed)
        .endObject();
    json.endObject();
    return HttpResponse::json(200, json.take());
}

} // namespace topcoat::http

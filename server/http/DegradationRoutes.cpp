#include "DegradationRoutes.h"

#include "JsonWriter.h"
#include "RequestFields.h"
#include "server/core/Rfc3339.h"
#include "server/core/Validation.h"

#include <spdlog/spdlog.h>
#include <vector>

namespace topcoat::http {

void DegradationRoutes::addTo(Router& router) {
    router.add("GET", "/admin/degradation", [this](HttpRequest&) { return current(); });
    router.add("PUT", "/admin/degradation", [this](HttpRequest& r) { return change(r); });
}

HttpResponse DegradationRoutes::current() const {
    const auto& degradation = services_.degradation;
    JsonWriter json;
    json.beginObject().key("features").beginObject();
    for (auto feature : allFeatures)
        json.field(toString(feature), degradation.enabled(feature));
    json.endObject().field("auto", degradation.automatic());
    json.key("history").beginArray();
    for (const auto& change : degradation.history())
        json.beginObject()
            .field("at", formatRfc3339(change.cause.at))
            .field("subject", change.subject)
            .field("enabled", change.enabled)
            .field("source", change.cause.source)
            .field("reason", change.cause.reason)
            .endObject();
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse DegradationRoutes::change(const HttpRequest& request) {
    RequestFields fields(request.body);
    const auto features = fields.object("features", Presence::Optional);
    const auto automatic = fields.boolean("auto", Presence::Optional);
    const auto reason =
        fields.string("reason", Presence::Optional, isValidName, "a note of 1 to 120 characters");
    if (!fields.failed() && !features && !automatic)
        fields.reject("give features and/or auto");

    // Validate everything before changing anything.
    std::vector<std::pair<Feature, bool>> changes;
    if (features && !fields.failed()) {
        RequestFields switches(features);
        for (const auto& name : features->getNames()) {
            const auto feature = featureFromString(name);
            if (!feature) {
                fields.reject("unknown feature " + name +
                              " (known: reviews, recommendations, search, wishlists)");
                break;
            }
            const auto on = switches.boolean(name, Presence::Required);
            if (switches.failed()) {
                fields.reject("features." + switches.error());
                break;
            }
            changes.emplace_back(*feature, *on);
        }
    }
    if (fields.failed())
        return HttpResponse::error(ApiError::InvalidRequest, fields.error());

    auto& degradation = services_.degradation;
    const DegradationCause cause{services_.clock.now(), "owner", reason.value_or("")};
    for (const auto& [feature, on] : changes) {
        if (degradation.enabled(feature) != on)
            spdlog::get("admin")->info("feature {} switched {} by the owner", toString(feature),
                                       on ? "on" : "off");
        degradation.setEnabled(feature, on, cause);
    }
    if (automatic) {
        if (degradation.automatic() != *automatic)
            spdlog::get("admin")->info("automatic degradation {}", *automatic ? "on" : "off");
        degradation.setAutomatic(*automatic, cause);
    }
    return current();
}

} // namespace topcoat::http

#include "DegradationRoutes.h"

#include "JsonWriter.h"
#include "RequestFields.h"
#include "server/core/Rfc3339.h"
#include "server/core/Validation.h"

#include <spdlog/spdlog.h>
#include <vector>

namespace topcoat::http {

HttpResponse DegradationRoutes::current(const HttpRequest&) const {
    const auto& degradation = degradation_;
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

Result<SwitchChange, std::string> readSwitchChange(const std::string& body) {
    RequestFields fields(body);
    const auto features = fields.object("features", Presence::Optional);
    const auto automatic = fields.boolean("auto", Presence::Optional);
    const auto reason =
        fields.string("reason", Presence::Optional, isValidName, "a note of 1 to 120 characters");
    if (!fields.failed() && !features && !automatic)
        fields.reject("give features and/or auto");

    SwitchChange change{{}, automatic, reason.value_or("")};
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
            change.features.emplace_back(*feature, *on);
        }
    }
    if (fields.failed())
        return fail(fields.error());
    return change;
}

void applySwitchChange(Degradation& degradation, const SwitchChange& change, TimePoint at) {
    const DegradationCause cause{at, "owner", change.reason};
    for (const auto& [feature, on] : change.features) {
        if (degradation.enabled(feature) != on)
            spdlog::get("admin")->info("feature {} switched {} by the owner", toString(feature),
                                       on ? "on" : "off");
        degradation.setEnabled(feature, on, cause);
    }
    if (change.automatic) {
        if (degradation.automatic() != *change.automatic)
            spdlog::get("admin")->info("automatic degradation {}",
                                       *change.automatic ? "on" : "off");
        degradation.setAutomatic(*change.automatic, cause);
    }
}

namespace {

// The switches as the owner set them: a feature the automatic mode switched off counts as
// on, so that after a restart the controller (which remembers nothing) is not left with a
// feature off that it would never bring back.
std::string ownerSwitchesJson(const Degradation& degradation, const SwitchChange& change) {
    JsonWriter json;
    json.beginObject().key("features").beginObject();
    for (const auto feature : allFeatures) {
        const auto last = degradation.lastChange(feature);
        bool on = degradation.enabled(feature) || (last && last->source == "auto");
        for (const auto& [changed, value] : change.features)
            if (changed == feature)
                on = value;
        json.field(toString(feature), on);
    }
    json.endObject().field("auto", change.automatic.value_or(degradation.automatic()));
    json.endObject();
    return json.take();
}

} // namespace

HttpResponse DegradationRoutes::change(const HttpRequest& request) {
    const auto change = readSwitchChange(request.body);
    if (!change)
        return HttpResponse::error(ApiError::InvalidRequest, change.error());
    // Stored first: if the database fails, the 503 leaves the switches as they were.
    std::lock_guard lock(changing_);
    saveSetting_(degradationSettingName, ownerSwitchesJson(degradation_, change.value()));
    applySwitchChange(degradation_, change.value(), clock_.now());
    return current(request);
}

} // namespace topcoat::http

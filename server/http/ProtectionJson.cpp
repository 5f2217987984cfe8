#include "ProtectionJson.h"

#include "JsonWriter.h"
#include "RequestFields.h"
#include "server/core/NetworkAddress.h"

#include <Poco/JSON/Array.h>
#include <algorithm>
#include <set>

namespace topcoat::http {
namespace {

constexpr std::int64_t maxRate = 1'000'000;
constexpr std::int64_t maxRequestsInFlight = 100'000;
constexpr std::int64_t maxConnections = 100'000;
constexpr std::int64_t maxLatencyMs = 60'000;
constexpr std::int64_t maxSeconds = 3600;
constexpr std::size_t maxTrustedProxies = 64;

// Assigns `value` to `target` when the field was given.
template <typename T> void take(const std::optional<T>& value, T& target) {
    if (value)
        target = *value;
}

// A PUT replaces what it names, so a null in a setting would have to mean something; it
// means nothing here and is refused rather than read as "absent". Unknown fields are ignored,
// null or not, as everywhere in the API.
void rejectNulls(RequestFields& fields, const Poco::JSON::Object::Ptr& object) {
    static const std::set<std::string> settings{"client_rate",
                                                "per_second",
                                                "burst",
                                                "max_in_flight",
                                                "max_connections_per_client",
                                                "waiting_room",
                                                "enabled",
                                                "admit_per_minute",
                                                "randomize_before_open",
                                                "pass_seconds",
                                                "trusted_proxies",
                                                "auto_degradation",
                                                "p99_ms_high",
                                                "p99_ms_low",
                                                "in_flight_high",
                                                "in_flight_low",
                                                "seconds_before_off",
                                                "seconds_before_on",
                                                "order"};
    if (!object)
        return;
    for (const auto& name : object->getNames()) {
        if (!settings.contains(name))
            continue;
        if (object->isNull(name))
            fields.reject(name + " must not be null");
        else if (const auto nested = object->getObject(name))
            rejectNulls(fields, nested);
    }
}

void readClientRate(RequestFields& fields, ClientRate& rate) {
    const auto object = fields.object("client_rate", Presence::Optional);
    if (!object)
        return;
    RequestFields nested(object);
    take(nested.integer("per_second", Presence::Optional, 0, maxRate), rate.perSecond);
    take(nested.integer("burst", Presence::Optional, 1, maxRate), rate.burst);
    if (nested.failed())
        fields.reject("client_rate." + nested.error());
}

void readWaitingRoom(RequestFields& fields, WaitingRoomSettings& room) {
    const auto object = fields.object("waiting_room", Presence::Optional);
    if (!object)
        return;
    RequestFields nested(object);
    take(nested.boolean("enabled", Presence::Optional), room.enabled);
    take(nested.integer("admit_per_minute", Presence::Optional, 1, maxRate), room.admitPerMinute);
    take(nested.boolean("randomize_before_open", Presence::Optional), room.randomizeBeforeOpen);
    if (const auto seconds = nested.integer("pass_seconds", Presence::Optional, 1, maxSeconds))
        room.passLifetime = std::chrono::seconds(*seconds);
    if (nested.failed())
        fields.reject("waiting_room." + nested.error());
}

void readTrustedProxies(RequestFields& fields, std::vector<std::string>& proxies) {
    const auto array = fields.array("trusted_proxies", Presence::Optional);
    if (!array)
        return;
    auto given = stringsOf(fields, array, "trusted_proxies", maxTrustedProxies);
    for (const auto& text : given)
        if (!AddressRange::parse(text)) {
            fields.reject("trusted_proxies: \"" + text.substr(0, 64) +
                          "\" is not an address or a range like 10.0.0.0/8");
            return;
        }
    if (!fields.failed())
        proxies = std::move(given);
}

void readFeatureOrder(RequestFields& fields, const Poco::JSON::Array::Ptr& array,
                      std::vector<Feature>& order) {
    const auto names = stringsOf(fields, array, "auto_degradation.order", allFeatures.size());
    if (fields.failed() || !array)
        return;
    std::vector<Feature> features;
    for (const auto& name : names) {
        const auto feature = featureFromString(name);
        if (!feature || std::find(features.begin(), features.end(), *feature) != features.end()) {
            fields.reject("auto_degradation.order must name each of reviews, recommendations, "
                          "search, wishlists at most once");
            return;
        }
        features.push_back(*feature);
    }
    order = std::move(features);
}

void readAutoDegradation(RequestFields& fields, AutoDegradationSettings& settings) {
    const auto object = fields.object("auto_degradation", Presence::Optional);
    if (!object)
        return;
    RequestFields nested(object);
    take(nested.integer("p99_ms_high", Presence::Optional, 1, maxLatencyMs), settings.p99HighMs);
    take(nested.integer("p99_ms_low", Presence::Optional, 0, maxLatencyMs), settings.p99LowMs);
    take(nested.integer("in_flight_high", Presence::Optional, 0, maxRequestsInFlight),
         settings.inFlightHigh);
    take(nested.integer("in_flight_low", Presence::Optional, 0, maxRequestsInFlight),
         settings.inFlightLow);
    take(nested.integer("seconds_before_off", Presence::Optional, 1, maxSeconds),
         settings.secondsBeforeOff);
    take(nested.integer("seconds_before_on", Presence::Optional, 1, maxSeconds),
         settings.secondsBeforeOn);
    readFeatureOrder(nested, nested.array("order", Presence::Optional), settings.order);
    if (nested.failed())
        fields.reject("auto_degradation." + nested.error());
}

} // namespace

std::string protectionJson(const ProtectionSettings& s) {
    JsonWriter json;
    json.beginObject();
    json.key("client_rate")
        .beginObject()
        .field("per_second", s.clientRate.perSecond)
        .field("burst", s.clientRate.burst)
        .endObject();
    json.field("max_in_flight", s.maxInFlight);
    json.field("max_connections_per_client", s.maxConnectionsPerClient);
    json.key("waiting_room")
        .beginObject()
        .field("enabled", s.waitingRoom.enabled)
        .field("admit_per_minute", s.waitingRoom.admitPerMinute)
        .field("randomize_before_open", s.waitingRoom.randomizeBeforeOpen)
        .field("pass_seconds", static_cast<std::int64_t>(s.waitingRoom.passLifetime.count()))
        .endObject();
    json.key("trusted_proxies").beginArray();
    for (const auto& proxy : s.trustedProxies)
        json.value(proxy);
    json.endArray();
    const auto& a = s.autoDegradation;
    json.key("auto_degradation")
        .beginObject()
        .field("p99_ms_high", a.p99HighMs)
        .field("p99_ms_low", a.p99LowMs)
        .field("in_flight_high", a.inFlightHigh)
        .field("in_flight_low", a.inFlightLow)
        .field("seconds_before_off", a.secondsBeforeOff)
        .field("seconds_before_on", a.secondsBeforeOn)
        .key("order")
        .beginArray();
    for (const auto feature : a.order)
        json.value(toString(feature));
    json.endArray().endObject().endObject();
    return json.take();
}

Result<ProtectionSettings, std::string> mergeProtection(const std::string& body,
                                                        ProtectionSettings current) {
    RequestFields fields(body);
    rejectNulls(fields, fields.root());
    readClientRate(fields, current.clientRate);
    take(fields.integer("max_in_flight", Presence::Optional, 0, maxRequestsInFlight),
         current.maxInFlight);
    take(fields.integer("max_connections_per_client", Presence::Optional, 0, maxConnections),
         current.maxConnectionsPerClient);
    readWaitingRoom(fields, current.waitingRoom);
    readTrustedProxies(fields, current.trustedProxies);
    readAutoDegradation(fields, current.autoDegradation);
    const auto& a = current.autoDegradation;
    if (!fields.failed() && a.p99LowMs >= a.p99HighMs)
        fields.reject("auto_degradation.p99_ms_low must be below p99_ms_high");
    if (!fields.failed() && a.inFlightHigh > 0 && a.inFlightLow >= a.inFlightHigh)
        fields.reject("auto_degradation.in_flight_low must be below in_flight_high");
    if (fields.failed())
        return fail(fields.error());
    return current;
}

} // namespace topcoat::http

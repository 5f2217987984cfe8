#include "ProtectionRoutes.h"

#include "ProtectionJson.h"

#include <spdlog/spdlog.h>

namespace topcoat::http {

void ProtectionRoutes::addTo(Router& router) {
    router.add("GET", "/admin/protection", [this](HttpRequest&) { return current(); });
    router.add("PUT", "/admin/protection", [this](HttpRequest& r) { return change(r); });
}

HttpResponse ProtectionRoutes::current() const {
    return HttpResponse::json(200, protectionJson(services_.protection.settings()));
}

HttpResponse ProtectionRoutes::change(const HttpRequest& request) const {
    std::lock_guard lock(changing_);
    auto& protection = services_.protection;
    const auto merged = mergeProtection(request.body, protection.settings());
    if (!merged)
        return HttpResponse::error(ApiError::InvalidRequest, merged.error());
    const auto json = protectionJson(merged.value());
    // Stored first: if the database fails, the 503 leaves the running settings as they were.
    services_.saveSetting(protectionSettingName, json);
    protection.apply(merged.value(), services_.clock.now());
    spdlog::get("admin")->info("protection settings changed: {}", json);
    return HttpResponse::json(200, json);
}

} // namespace topcoat::http

#include "ProtectionRoutes.h"

#include "ProtectionJson.h"

#include <spdlog/spdlog.h>

namespace topcoat::http {

HttpResponse ProtectionRoutes::current(const HttpRequest&) const {
    return HttpResponse::json(200, protectionJson(protection_.settings()));
}

HttpResponse ProtectionRoutes::change(const HttpRequest& request) const {
    std::lock_guard lock(changing_);
    auto& protection = protection_;
    const auto merged = mergeProtection(request.body, protection.settings());
    if (!merged)
        return HttpResponse::error(ApiError::InvalidRequest, merged.error());
    const auto json = protectionJson(merged.value());
    // Stored first: if the database fails, the 503 leaves the running settings as they were.
    saveSetting_(protectionSettingName, json);
    protection.apply(merged.value(), clock_.now());
    spdlog::get("admin")->info("protection settings changed: {}", json);
    return HttpResponse::json(200, json);
}

} // namespace topcoat::http

#include "HealthRoutes.h"

namespace topcoat::http {

void HealthRoutes::addTo(Router& router) {
    static const auto ok = std::make_shared<const std::string>(R"({"status":"ok"})");
    // Load balancers and monitors must see the truth even while customers are shed.
    router.add(
        "GET", "/healthz", [](HttpRequest&) { return HttpResponse::shared(200, ok); },
        Guarded::Never);
    router.add(
        "GET", "/readyz",
        [this](HttpRequest&) {
            if (!services_.ready.load())
                return HttpResponse::error(ApiError::NotReady, "the storefront is not ready");
            return HttpResponse::shared(200, ok);
        },
        Guarded::Never);
}

} // namespace topcoat::http

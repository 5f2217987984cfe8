#include "HealthRoutes.h"

namespace topcoat::http {
namespace {

const std::shared_ptr<const std::string>& okBody() {
    static const auto ok = std::make_shared<const std::string>(R"({"status":"ok"})");
    return ok;
}

} // namespace

HttpResponse HealthRoutes::health(const HttpRequest&) const {
    return HttpResponse::shared(200, okBody());
}

HttpResponse HealthRoutes::ready(const HttpRequest&) const {
    if (!ready_.load())
        return HttpResponse::error(ApiError::NotReady, "the storefront is not ready");
    return HttpResponse::shared(200, okBody());
}

} // namespace topcoat::http

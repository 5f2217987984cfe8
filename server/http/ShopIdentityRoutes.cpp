#include "ShopIdentityRoutes.h"

#include "HttpCaching.h"
#include "JsonWriter.h"
#include "ShopIdentityJson.h"
#include "server/core/Blanks.h"

#include <spdlog/spdlog.h>

namespace topcoat::http {
namespace {

constexpr std::string_view logoPath = "/api/shop/logo";
constexpr std::string_view immutableCache = "public, max-age=31536000, immutable";
// An SVG opened on its own is a document that could run script: it gets none, loads nothing
// and is sandboxed. Shown through <img>, as the page shows it, an SVG runs no script anyway.
constexpr std::string_view logoPolicy = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

std::string mediaTypeWithoutParameters(std::string_view contentType) {
    return std::string(trimmedBlanks(contentType.substr(0, contentType.find(';'))));
}

HttpResponse notModifiedOr(const HttpRequest& request, const std::string& etag,
                           std::string_view cacheControl, HttpResponse response) {
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", std::string(cacheControl));
    if (etagMatches(request.header("If-None-Match"), etag)) {
        response.status = 304;
        response.body.reset();
        response.contentType.clear();
    }
    return response;
}

} // namespace

HttpResponse ShopIdentityRoutes::current(const HttpRequest&) const {
    return HttpResponse::json(200, shopIdentityJson(*identity_.get()));
}

HttpResponse ShopIdentityRoutes::change(const HttpRequest& request) const {
    std::lock_guard lock(changing_);
    const auto merged = mergeShopIdentity(request.body, *identity_.get());
    if (!merged)
        return HttpResponse::error(ApiError::InvalidRequest, merged.error());
    return apply(merged.value());
}

HttpResponse ShopIdentityRoutes::changeLogo(const HttpRequest& request) const {
    const auto mediaType = mediaTypeWithoutParameters(request.header("Content-Type"));
    const auto type = logoTypeForMediaType(mediaType);
    if (!type)
        return HttpResponse::error(ApiError::InvalidRequest,
                                   "Content-Type must be image/png, image/jpeg or image/svg+xml");
    ShopLogo logo{*type, request.body};
    if (auto problem = logoProblem(logo); !problem.empty())
        return HttpResponse::error(ApiError::InvalidRequest, problem);
    std::lock_guard lock(changing_);
    auto identity = *identity_.get();
    identity.logo = std::move(logo);
    return apply(identity);
}

HttpResponse ShopIdentityRoutes::currencies(const HttpRequest&) const {
    JsonWriter json;
    json.beginObject().key("currencies").beginArray();
    for (const auto code : shopCurrencies())
        json.value(code);
    json.endArray().endObject();
    return HttpResponse::json(200, json.take());
}

HttpResponse ShopIdentityRoutes::apply(const ShopIdentity& identity) const {
    const auto json = shopIdentityJson(identity);
    // Stored first: if the database fails, the 503 leaves the running identity as it was.
    saveSetting_(shopIdentitySettingName, json);
    identity_.set(identity);
    spdlog::get("admin")->info(
        "shop identity changed: name \"{}\", currency {}, contact {}, {}", identity.name,
        identity.currency, identity.contactEmail.value_or("none"),
        identity.logo ? std::to_string(identity.logo->bytes.size()) + " byte " +
                            std::string(mediaTypeOf(identity.logo->type))
                      : std::string("no logo"));
    return HttpResponse::json(200, json);
}

std::shared_ptr<const ShopIdentityRoutes::Published> ShopIdentityRoutes::published() {
    const auto identity = identity_.get();
    auto cached = published_.load(std::memory_order_acquire);
    if (cached && cached->source == identity)
        return cached;

    auto fresh = std::make_shared<Published>();
    fresh->source = identity;
    if (identity->logo) {
        fresh->logo = std::make_shared<const std::string>(identity->logo->bytes);
        fresh->logoEtag = contentEtag(identity->logo->bytes);
        fresh->logoVersion = fresh->logoEtag.substr(1, 16);
    }
    JsonWriter json;
    json.beginObject();
    json.field("name", identity->name).field("currency", identity->currency);
    json.field("contact_email", identity->contactEmail);
    json.key("logo_url");
    if (identity->logo)
        json.value(std::string(logoPath) + "?v=" + fresh->logoVersion);
    else
        json.null();
    json.endObject();
    fresh->body = std::make_shared<const std::string>(json.take());
    fresh->etag = contentEtag(*fresh->body);
    published_.store(fresh, std::memory_order_release);
    return fresh;
}

HttpResponse ShopIdentityRoutes::storefront(const HttpRequest& request) {
    const auto page = published();
    return notModifiedOr(request, page->etag, "no-cache", HttpResponse::shared(200, page->body));
}

HttpResponse ShopIdentityRoutes::logo(const HttpRequest& request) {
    const auto page = published();
    if (!page->logo)
        return HttpResponse::error(ApiError::NotFound, "the shop has no logo");
    const auto* version = request.queryValue("v");
    const bool immutable = version && *version == page->logoVersion;
    auto response = HttpResponse::shared(200, page->logo);
    response.contentType = std::string(mediaTypeOf(page->source->logo->type));
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("Content-Security-Policy", std::string(logoPolicy));
    return notModifiedOr(request, page->logoEtag, immutable ? immutableCache : "no-cache",
                         std::move(response));
}

} // namespace topcoat::http

#include "StockRoutes.h"

#include "HttpCaching.h"
#include "JsonWriter.h"
#include "Views.h"

#include <cstdio>
#include <random>

namespace topcoat::http {
namespace {

std::string randomRunId() {
    std::random_device random;
    char text[17];
    std::snprintf(text, sizeof text, "%08x%08x", random(), random());
    return text;
}

} // namespace

StockRoutes::StockRoutes(Catalog& catalog, StockLedger& stock, Degradation& degradation)
    : catalog_(catalog), stock_(stock), degradation_(degradation), runId_(randomRunId()) {}

StockRoutes::Key StockRoutes::currentKey() const {
    Key key;
    key.catalogVersion = catalog_.snapshot()->version();
    key.stockGeneration = stock_.generation();
    for (const auto feature : allFeatures)
        if (!degradation_.enabled(feature))
            key.degradedFeatures |= 1u << static_cast<unsigned>(feature);
    return key;
}

std::shared_ptr<const StockRoutes::Cached> StockRoutes::current() {
    // The key is read before rendering: a change during rendering then misses the cache next
    // time instead of hiding behind a key that claims to include it.
    const auto key = currentKey();
    auto cached = cache_.load(std::memory_order_acquire);
    if (cached && cached->key == key)
        return cached;

    const auto version = runId_ + "." + std::to_string(key.catalogVersion) + "." +
                         std::to_string(key.stockGeneration) + "." +
                         std::to_string(key.degradedFeatures);
    JsonWriter json;
    json.beginObject().field("version", version);
    json.field("catalog_version", runId_ + "." + std::to_string(key.catalogVersion));
    json.key("stock").beginObject();
    for (const auto& entry : catalog_.snapshot()->entries())
        if (!entry.product.archived) // the page does not list it
            json.field(entry.product.sku, stockOf(stock_, entry).available);
    json.endObject();
    json.key("degraded").beginArray();
    for (const auto feature : allFeatures)
        if (key.degradedFeatures & (1u << static_cast<unsigned>(feature)))
            json.value(toString(feature));
    json.endArray().endObject();

    auto fresh = std::make_shared<const Cached>(
        Cached{key, "\"" + version + "\"", std::make_shared<const std::string>(json.take())});
    cache_.store(fresh, std::memory_order_release);
    return fresh;
}

HttpResponse StockRoutes::stock(const HttpRequest& request) {
    const auto cached = current();
    HttpResponse response;
    response.headers.emplace_back("ETag", cached->etag);
    // Stock changes by the second: a cache may keep the body but must ask before using it.
    response.headers.emplace_back("Cache-Control", "no-cache");
    if (etagMatches(request.header("If-None-Match"), cached->etag)) {
        response.status = 304;
        response.contentType.clear();
        return response;
    }
    response.body = cached->body;
    return response;
}

} // namespace topcoat::http

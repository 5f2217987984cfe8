#include "ProductRoutes.h"

#include "Views.h"
#include "server/core/Validation.h"

#include <algorithm>

namespace topcoat::http {
namespace {

constexpr std::size_t recommendationCount = 4;

std::string lowered(std::string_view text) {
    std::string out(text);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return out;
}

int shadeDistance(const std::string& a, const std::string& b) {
    const auto channel = [](const std::string& hex, std::size_t at) {
        return std::stoi(hex.substr(at, 2), nullptr, 16);
    };
    int distance = 0;
    for (std::size_t at : {1u, 3u, 5u}) {
        const int d = channel(a, at) - channel(b, at);
        distance += d * d;
    }
    return distance;
}

// The products whose shades are closest to this one: "if you like this, you may like...".
// Each comes with the stock snapshot that qualified it, so what is shown is what was checked.
std::vector<std::pair<const CatalogEntry*, StockLevels>>
recommendationsFor(const CatalogSnapshot& catalog, const StockLedger& stock,
                   const CatalogEntry& entry) {
    std::vector<std::pair<const CatalogEntry*, StockLevels>> others;
    for (const auto& candidate : catalog.entries()) {
        if (&candidate == &entry || candidate.product.archived)
            continue;
        const auto levels = stockOf(stock, candidate);
        if (levels.available > 0)
            others.emplace_back(&candidate, levels);
    }
    const auto byDistance = [&](const auto& a, const auto& b) {
        return shadeDistance(a.first->product.shadeHex, entry.product.shadeHex) <
               shadeDistance(b.first->product.shadeHex, entry.product.shadeHex);
    };
    const auto count = std::min(recommendationCount, others.size());
    std::partial_sort(others.begin(), others.begin() + static_cast<std::ptrdiff_t>(count),
                      others.end(), byDistance);
    others.resize(count);
    return others;
}

} // namespace

std::string ProductRoutes::renderList(const std::string* search, bool searchDegraded) const {
    const auto catalog = catalog_.snapshot();
    const auto now = clock_.now();
    const auto needle = search && !searchDegraded ? lowered(*search) : std::string();
    JsonWriter json;
    json.beginObject().key("products").beginArray();
    for (const auto& entry : catalog->entries())
        if (!entry.product.archived &&
            (needle.empty() || lowered(entry.product.name).find(needle) != std::string::npos))
            writeProduct(json, entry, stockOf(stock_, entry), sales_, now);
    json.endArray();
    if (searchDegraded)
        json.key("degraded").beginArray().value("search").endArray();
    json.endObject();
    return json.take();
}

std::shared_ptr<const std::string> ProductRoutes::cachedList() {
    ListKey key;
    // Read the versions before rendering: a change during rendering then misses the cache
    // next time instead of being hidden behind a key that claims to include it.
    key.catalogVersion = catalog_.snapshot()->version();
    key.stockGeneration = stock_.generation();
    const auto now = clock_.now();
    for (const auto& sale : *sales_.snapshot())
        if (sale.stateAt(now) == SaleState::Live)
            key.liveSales.push_back(sale.id);

    auto cached = cache_.load(std::memory_order_acquire);
    if (cached && cached->key == key)
        return cached->body;
    auto body = std::make_shared<const std::string>(renderList(nullptr, false));
    cache_.store(std::make_shared<const CachedList>(CachedList{std::move(key), body}),
                 std::memory_order_release);
    return body;
}

HttpResponse ProductRoutes::list(const HttpRequest& request) {
    const auto* search = request.queryValue("q");
    if (!search || search->empty())
        return HttpResponse::shared(200, cachedList());
    const bool degraded = !degradation_.enabled(Feature::Search);
    return HttpResponse::json(200, renderList(search, degraded));
}

HttpResponse ProductRoutes::detail(const HttpRequest& request) {
    const auto& sku = request.params.at(0);
    const auto catalog = catalog_.snapshot();
    const auto* entry = isValidSku(sku) ? catalog->find(sku) : nullptr;
    if (!entry || entry->product.archived) // archived: gone from the storefront
        return HttpResponse::error(ApiError::UnknownSku, "no product has SKU " + sku);

    const auto now = clock_.now();
    const bool reviews = degradation_.enabled(Feature::Reviews);
    const bool recommendations = degradation_.enabled(Feature::Recommendations);
    JsonWriter json;
    json.beginObject();
    writeProductFields(json, *entry, stockOf(stock_, *entry), sales_, now);
    if (reviews) {
        json.key("reviews").beginArray();
        for (const auto& review : entry->reviews)
            json.beginObject()
                .field("author", review.author)
                .field("rating", review.rating)
                .field("body", review.body)
                .endObject();
        json.endArray();
    }
    if (recommendations) {
        json.key("recommendations").beginArray();
        for (const auto& [other, levels] : recommendationsFor(*catalog, stock_, *entry))
            writeProduct(json, *other, levels, sales_, now);
        json.endArray();
    }
    json.key("degraded").beginArray();
    if (!reviews)
        json.value(toString(Feature::Reviews));
    if (!recommendations)
        json.value(toString(Feature::Recommendations));
    json.endArray();
    json.endObject();
    return HttpResponse::json(200, json.take());
}

} // namespace topcoat::http

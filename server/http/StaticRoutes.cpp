#include "StaticRoutes.h"

#include "HttpCaching.h"

#include <Poco/DeflatingStream.h>
#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <cassert>
#include <sstream>

namespace topcoat::http {
namespace {

constexpr std::string_view indexPath = "index.html";
constexpr std::string_view staticPrefix = "/static/";
// Versioned asset URLs change with every release, so a year is safe; anything else revalidates.
constexpr std::string_view immutableCache = "public, max-age=31536000, immutable";
constexpr std::string_view revalidateCache = "no-cache";
// The page loads only its own files and talks only to its own origin.
constexpr std::string_view pagePolicy =
    "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
    "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

std::string contentTypeFor(std::string_view path) {
    const auto dot = path.rfind('.');
    const auto extension = dot == std::string_view::npos ? std::string_view() : path.substr(dot);
    if (extension == ".html")
        return "text/html; charset=utf-8";
    if (extension == ".css")
        return "text/css; charset=utf-8";
    if (extension == ".js" || extension == ".mjs")
        return "text/javascript; charset=utf-8";
    if (extension == ".svg")
        return "image/svg+xml";
    if (extension == ".png")
        return "image/png";
    if (extension == ".ico")
        return "image/x-icon";
    if (extension == ".webmanifest")
        return "application/manifest+json";
    if (extension == ".json")
        return std::string(jsonContentType);
    return "application/octet-stream";
}

bool compressible(std::string_view contentType) {
    return contentType.starts_with("text/") || contentType.starts_with("image/svg") ||
           contentType.starts_with("application/");
}

std::string sha256Hex(const std::string& bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes);
    return Poco::DigestEngine::digestToHex(engine.digest());
}

std::string gzipped(const std::string& bytes) {
    std::ostringstream out;
    {
        Poco::DeflatingOutputStream deflater(out, Poco::DeflatingStreamBuf::STREAM_GZIP, 9);
        deflater.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        deflater.close();
    }
    return std::move(out).str();
}

// Points the page's references to its own assets at versioned URLs, so a new release's page
// never meets an old release's stylesheet in a cache.
std::string withVersionedAssets(std::string page, const std::string& path,
                                const std::string& version) {
    const auto reference = std::string(staticPrefix) + path + "\"";
    const auto versioned = std::string(staticPrefix) + path + "?v=" + version + "\"";
    for (auto at = page.find(reference); at != std::string::npos;
         at = page.find(reference, at + versioned.size()))
        page.replace(at, reference.size(), versioned);
    return page;
}

} // namespace

StaticRoutes::Asset StaticRoutes::makeAsset(const std::string& path, std::string bytes) {
    Asset asset;
    asset.contentType = contentTypeFor(path);
    asset.page = path == indexPath;
    const auto hash = sha256Hex(bytes);
    asset.version = hash.substr(0, 16);
    // Strong tags, one per encoding: the gzip bytes are a different representation.
    asset.identity.etag = "\"" + hash.substr(0, 32) + "\"";
    if (compressible(asset.contentType)) {
        auto compressed = gzipped(bytes);
        if (compressed.size() < bytes.size())
            asset.gzip = Variant{std::make_shared<const std::string>(std::move(compressed)),
                                 "\"" + hash.substr(0, 32) + "-gzip\""};
    }
    asset.identity.body = std::make_shared<const std::string>(std::move(bytes));
    return asset;
}

StaticRoutes::StaticRoutes(std::span<const resources::EmbeddedFile> files) {
    std::string page;
    for (const auto& file : files) {
        if (file.path == indexPath)
            page = std::string(file.bytes);
        else
            assets_.emplace(std::string(file.path),
                            makeAsset(std::string(file.path), std::string(file.bytes)));
    }
    assert(!page.empty() && "the storefront page must be embedded");
    for (const auto& [path, asset] : assets_)
        page = withVersionedAssets(std::move(page), path, asset.version);
    index_ =
        &assets_.emplace(std::string(indexPath), makeAsset(std::string(indexPath), std::move(page)))
             .first->second;
}

HttpResponse StaticRoutes::file(const HttpRequest& request) const {
    const auto& name = request.params.at(0);
    const auto found = assets_.find(name);
    // The page is served at "/" only, so there is one URL to cache and revalidate.
    if (found == assets_.end() || found->second.page)
        return HttpResponse::error(ApiError::NotFound, "no such file: " + request.path);
    return serve(request, found->second);
}

HttpResponse StaticRoutes::serve(const HttpRequest& request, const Asset& asset) const {
    const bool gzip = asset.gzip && acceptsGzip(request.header("Accept-Encoding"));
    const auto& variant = gzip ? *asset.gzip : asset.identity;
    const auto* version = request.queryValue("v");
    const bool immutable = !asset.page && version && *version == asset.version;

    HttpResponse response;
    response.headers.emplace_back("ETag", variant.etag);
    response.headers.emplace_back("Cache-Control",
                                  std::string(immutable ? immutableCache : revalidateCache));
    if (asset.gzip)
        response.headers.emplace_back("Vary", "Accept-Encoding");
    if (etagMatches(request.header("If-None-Match"), variant.etag)) {
        response.status = 304;
        response.contentType.clear();
        return response;
    }
    response.contentType = asset.contentType;
    response.body = variant.body;
    if (gzip)
        response.headers.emplace_back("Content-Encoding", "gzip");
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    if (asset.page) {
        response.headers.emplace_back("Content-Security-Policy", std::string(pagePolicy));
        response.headers.emplace_back("Referrer-Policy", "same-origin");
    }
    return response;
}

HttpResponse StaticRoutes::page(const HttpRequest& request) const {
    return serve(request, *index_);
}

} // namespace topcoat::http

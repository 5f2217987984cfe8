#pragma once

// GET / (the storefront page) and GET /static/{file}: the files compiled into the binary,
// each with a strong ETag, a cache policy and a gzip copy made once at start-up, so serving
// one costs a map look-up and a shared buffer.

#include "Router.h"
#include "resources/StorefrontFiles.h"

#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>

namespace topcoat::http {

class StaticRoutes {
public:
    // `files` as resources::storefrontFiles() gives them; "index.html" is the page at "/".
    explicit StaticRoutes(std::span<const resources::EmbeddedFile> files);
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse page(const HttpRequest& request) const;
    HttpResponse file(const HttpRequest& request) const;

private:
    struct Variant {
        std::shared_ptr<const std::string> body;
        std::string etag;
    };
    struct Asset {
        std::string contentType;
        std::string version; // a prefix of the content hash, for /static/x?v=version URLs
        Variant identity;
        std::optional<Variant> gzip; // absent when compression does not make it smaller
        bool page = false;           // the HTML entry point, never cached without revalidation
    };

    static Asset makeAsset(const std::string& path, std::string bytes);
    HttpResponse serve(const HttpRequest& request, const Asset& asset) const;

    std::map<std::string, Asset, std::less<>> assets_;
    const Asset* index_ = nullptr;
};

} // namespace topcoat::http

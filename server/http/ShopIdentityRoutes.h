#pragma once

// The shop's identity on both ports: GET and PUT /admin/shop, PUT /admin/shop/logo and
// GET /admin/shop/currencies for the owner, stored before they take effect; GET /api/shop and
// GET /api/shop/logo for the page, rendered once per change and revalidated by ETag.

#include "Router.h"
#include "ServerFacts.h"
#include "server/core/CurrentShopIdentity.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace topcoat::http {

inline constexpr const char* shopIdentitySettingName = "shop";

class ShopIdentityRoutes {
public:
    ShopIdentityRoutes(CurrentShopIdentity& identity, SaveSetting saveSetting)
        : identity_(identity), saveSetting_(std::move(saveSetting)) {}
    // Route handlers, registered in RouteTable.cpp.
    HttpResponse current(const HttpRequest& request) const;
    HttpResponse change(const HttpRequest& request) const;
    HttpResponse changeLogo(const HttpRequest& request) const;
    HttpResponse currencies(const HttpRequest& request) const;
    HttpResponse storefront(const HttpRequest& request);
    HttpResponse logo(const HttpRequest& request);

private:
    // What the page is sent, for one identity.
    struct Published {
        std::shared_ptr<const ShopIdentity> source;
        std::shared_ptr<const std::string> body; // GET /api/shop
        std::string etag;
        std::shared_ptr<const std::string> logo; // null when the shop has none
        std::string logoVersion;
        std::string logoEtag;
    };

    std::shared_ptr<const Published> published();
    // Stores `identity`, then puts it in effect; the reply is what GET /admin/shop now says.
    HttpResponse apply(const ShopIdentity& identity) const;

    CurrentShopIdentity& identity_;
    const SaveSetting saveSetting_;
    // One change at a time: read, merge, store and apply must not interleave with another
    // PUT's, or the database and the running identity could disagree.
    mutable std::mutex changing_;
    std::atomic<std::shared_ptr<const Published>> published_;
};

} // namespace topcoat::http

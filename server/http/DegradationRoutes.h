#pragma once

// GET/PUT /admin/degradation: the switches of the features that can go under load.

#include "Router.h"
#include "ShopServices.h"

namespace topcoat::http {

class DegradationRoutes {
public:
    explicit DegradationRoutes(const ShopServices& services) : services_(services) {}
    void addTo(Router& router);

private:
    HttpResponse current() const;
    HttpResponse change(const HttpRequest& request);

    const ShopServices& services_;
};

} // namespace topcoat::http

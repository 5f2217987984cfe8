#pragma once

// GET /admin/cluster: every storefront of the shop, from the reports they publish each second
// (NodeDirectory), with this one's own figures; a storefront alone lists only itself.

#include "NodeDirectory.h"
#include "Router.h"
#include "ServerFacts.h"
#include "server/core/Clock.h"
#include "server/core/StatsHistory.h"

namespace topcoat::http {

class ClusterRoutes {
public:
    // A report older than this means its storefront stopped answering (killed, or cut off).
    static constexpr std::chrono::seconds upWithin{5};
    // Reports older than this are dropped from the list.
    static constexpr std::chrono::hours forgetAfter{1};

    // `directory` is null for a storefront alone.
    ClusterRoutes(const Clock& clock, const ServerFacts& facts, const StatsHistory& history,
                  NodeDirectory* directory)
        : clock_(clock), facts_(facts), history_(history), directory_(directory) {}

    // This storefront as GET /admin/cluster lists it, with the last second's figures.
    std::string report() const;
    HttpResponse cluster(const HttpRequest& request) const;

private:
    const Clock& clock_;
    const ServerFacts& facts_;
    const StatsHistory& history_;
    NodeDirectory* directory_;
};

} // namespace topcoat::http

#pragma once

// Where customers can reach the shop, in the owner's words, from what the storefront is bound
// to: only this computer (loopback), this network (a private address, or every address), the
// internet (a public address, without HTTPS), or the public address the owner entered for the
// proxy in front (README: "Put your shop online").

#include <QString>
#include <QUrl>

namespace topcoat::ui {

struct ShopReach {
    enum class Scope { ThisComputer, ThisNetwork, Internet, Entered };
    Scope scope;
    QString text; // one or two sentences for the Server screen
    QUrl url;     // where a customer would open the shop; empty when nobody else can
};

// `bind` and `port`: the storefront's listening address (GET /admin/status). `serverHost`: the
// host the console reaches a remote topcoatd at (empty for the embedded storefront).
// `publicUrl`: what the owner entered, empty if nothing.
ShopReach describeShopReach(const QString& bind, int port, const QString& serverHost,
                            const QUrl& publicUrl);

} // namespace topcoat::ui

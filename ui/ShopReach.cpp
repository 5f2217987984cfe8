#include "ShopReach.h"

#include <QHostAddress>
#include <QObject>

namespace topcoat::ui {
namespace {

// RFC 1918, RFC 4193 and link-local: addresses no router forwards from the internet.
bool isPrivate(const QHostAddress& address) {
    static const QPair<QHostAddress, int> ranges[] = {
        QHostAddress::parseSubnet(QStringLiteral("10.0.0.0/8")),
        QHostAddress::parseSubnet(QStringLiteral("172.16.0.0/12")),
        QHostAddress::parseSubnet(QStringLiteral("192.168.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("169.254.0.0/16")),
        QHostAddress::parseSubnet(QStringLiteral("fc00::/7")),
        QHostAddress::parseSubnet(QStringLiteral("fe80::/10")),
    };
    for (const auto& range : ranges)
        if (address.isInSubnet(range))
            return true;
    return false;
}

QUrl plainUrl(const QString& host, int port) {
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(host);
    url.setPort(port);
    return url;
}

} // namespace

ShopReach describeShopReach(const QString& bind, int port, const QString& serverHost,
                            const QUrl& publicUrl) {
    const bool embedded = serverHost.isEmpty();
    if (!publicUrl.isEmpty())
        return {ShopReach::Scope::Entered,
                QObject::tr("Customers open the shop at %1 (the public address you entered).")
                    .arg(publicUrl.toString()),
                publicUrl};

    const QHostAddress address(bind);
    if (address.isLoopback() || bind == QLatin1String("localhost"))
        return {ShopReach::Scope::ThisComputer,
                embedded ? QObject::tr("Only this computer: the storefront listens on loopback "
                                       "(%1), so customers cannot reach it.")
                               .arg(bind)
                         : QObject::tr("Only the server itself: topcoatd listens on loopback "
                                       "(%1) there, so customers reach it only through a proxy "
                                       "on that machine. Enter the address they use.")
                               .arg(bind),
                {}};

    if (address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6 ||
        address == QHostAddress::Any) {
        const auto where = embedded
                               ? QObject::tr("every address of this computer, port %1").arg(port)
                               : QObject::tr("%1 and every other address of the server")
                                     .arg(plainUrl(serverHost, port).toString());
        return {ShopReach::Scope::ThisNetwork,
                QObject::tr("This network: %1, over plain HTTP. From the internet only if a "
                            "router forwards the port; put HTTPS in front for that.")
                    .arg(where),
                embedded ? QUrl() : plainUrl(serverHost, port)};
    }
    if (isPrivate(address))
        return {ShopReach::Scope::ThisNetwork,
                QObject::tr("This network: %1, over plain HTTP. Not the internet without a "
                            "router forwarding the port.")
                    .arg(plainUrl(bind, port).toString()),
                plainUrl(bind, port)};
    return {ShopReach::Scope::Internet,
            QObject::tr("The internet, over plain HTTP: %1. Customers' details cross the "
                        "network unencrypted; put HTTPS in front.")
                .arg(plainUrl(bind, port).toString()),
            plainUrl(bind, port)};
}

} // namespace topcoat::ui

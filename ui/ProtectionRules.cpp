#include "ProtectionRules.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QLocale>
#include <QObject>
#include <QSet>

namespace topcoat::ui {
namespace {

// Free functions have no tr(); translate under the file's name.
QString tr(const char* text) {
    return QCoreApplication::translate("ProtectionRules", text);
}

constexpr qint64 maxRate = 1'000'000;
constexpr qint64 maxInFlight = 100'000;
constexpr qint64 maxLatencyMs = 60'000;
constexpr qint64 maxSeconds = 3600;
constexpr int maxTrustedProxies = 64;

const QStringList knownFeatures{QStringLiteral("recommendations"), QStringLiteral("reviews"),
                                QStringLiteral("search"), QStringLiteral("wishlists")};

QString between(IntegerRange range) {
    const QLocale locale;
    return tr("Enter %1 to %2").arg(locale.toString(range.minimum), locale.toString(range.maximum));
}

// An address (192.168.1.5, fd00::1) or a range in CIDR form (10.0.0.0/8), as the server takes.
bool isAddressOrRange(const QString& text) {
    if (text.contains(QLatin1Char('/'))) {
        const auto [address, length] = QHostAddress::parseSubnet(text);
        return !address.isNull() && length >= 0;
    }
    return !QHostAddress(text).isNull();
}

template <typename T> void differs(std::optional<T>& out, const T& from, const T& to) {
    if (from != to)
        out = to;
}

} // namespace

IntegerRange protectionRange(ProtectionField field) {
    switch (field) {
    case ProtectionField::PerSecond:
        return {0, maxRate};
    case ProtectionField::Burst:
    case ProtectionField::AdmitPerMinute:
        return {1, maxRate};
    case ProtectionField::MaxInFlight:
    case ProtectionField::InFlightHigh:
    case ProtectionField::InFlightLow:
        return {0, maxInFlight};
    case ProtectionField::PassSeconds:
    case ProtectionField::SecondsBeforeOff:
    case ProtectionField::SecondsBeforeOn:
        return {1, maxSeconds};
    case ProtectionField::P99MsHigh:
        return {1, maxLatencyMs};
    case ProtectionField::P99MsLow:
        return {0, maxLatencyMs};
    case ProtectionField::TrustedProxies:
    case ProtectionField::FeatureOrder:
        break;
    }
    Q_ASSERT_X(false, "protectionRange", "not a number field");
    return {};
}

QMap<ProtectionField, QString> protectionProblems(const ProtectionSettings& s) {
    QMap<ProtectionField, QString> problems;
    const auto check = [&](ProtectionField field, qint64 value) {
        const auto range = protectionRange(field);
        if (value < range.minimum || value > range.maximum)
            problems.insert(field, between(range));
    };
    check(ProtectionField::PerSecond, s.perSecond);
    check(ProtectionField::Burst, s.burst);
    check(ProtectionField::MaxInFlight, s.maxInFlight);
    check(ProtectionField::AdmitPerMinute, s.admitPerMinute);
    check(ProtectionField::PassSeconds, s.passSeconds);
    check(ProtectionField::P99MsHigh, s.p99MsHigh);
    check(ProtectionField::P99MsLow, s.p99MsLow);
    check(ProtectionField::InFlightHigh, s.inFlightHigh);
    check(ProtectionField::InFlightLow, s.inFlightLow);
    check(ProtectionField::SecondsBeforeOff, s.secondsBeforeOff);
    check(ProtectionField::SecondsBeforeOn, s.secondsBeforeOn);

    // The server compares the pair only when both numbers are themselves acceptable.
    if (!problems.contains(ProtectionField::P99MsHigh) &&
        !problems.contains(ProtectionField::P99MsLow) && s.p99MsLow >= s.p99MsHigh)
        problems.insert(ProtectionField::P99MsLow, tr("Must be below the upper limit"));
    if (!problems.contains(ProtectionField::InFlightHigh) &&
        !problems.contains(ProtectionField::InFlightLow) && s.inFlightHigh > 0 &&
        s.inFlightLow >= s.inFlightHigh)
        problems.insert(ProtectionField::InFlightLow, tr("Must be below the upper limit"));

    if (s.trustedProxies.size() > maxTrustedProxies)
        problems.insert(ProtectionField::TrustedProxies,
                        tr("At most %1 lines").arg(maxTrustedProxies));
    for (const auto& proxy : s.trustedProxies)
        if (!isAddressOrRange(proxy)) {
            problems.insert(
                ProtectionField::TrustedProxies,
                tr("\"%1\" is not an address or a range like 10.0.0.0/8").arg(proxy.left(64)));
            break;
        }

    QSet<QString> seen;
    for (const auto& feature : s.featureOrder) {
        if (!knownFeatures.contains(feature) || seen.contains(feature)) {
            problems.insert(ProtectionField::FeatureOrder, tr("Each feature may be listed once"));
            break;
        }
        seen.insert(feature);
    }
    return problems;
}

QStringList protectionWarnings(const ProtectionSettings& s) {
    QStringList warnings;
    // The burst is how many requests may arrive at once; below the steady rate, a page that
    // loads its files together is refused while the same requests spread over a second pass.
    if (s.perSecond > 0 && s.burst < s.perSecond)
        warnings.append(QObject::tr("The burst (%1) is below the steady rate (%2/s): a shopper "
                                    "whose page sends more than %1 requests at once is refused, "
                                    "though %2 spread over a second would pass.")
                            .arg(s.burst)
                            .arg(s.perSecond));
    return warnings;
}

ProtectionChange protectionChange(const ProtectionSettings& from, const ProtectionSettings& to) {
    ProtectionChange change;
    differs(change.perSecond, from.perSecond, to.perSecond);
    differs(change.burst, from.burst, to.burst);
    differs(change.maxInFlight, from.maxInFlight, to.maxInFlight);
    differs(change.waitingRoomEnabled, from.waitingRoomEnabled, to.waitingRoomEnabled);
    differs(change.admitPerMinute, from.admitPerMinute, to.admitPerMinute);
    differs(change.randomizeBeforeOpen, from.randomizeBeforeOpen, to.randomizeBeforeOpen);
    differs(change.passSeconds, from.passSeconds, to.passSeconds);
    differs(change.trustedProxies, from.trustedProxies, to.trustedProxies);
    differs(change.p99MsHigh, from.p99MsHigh, to.p99MsHigh);
    differs(change.p99MsLow, from.p99MsLow, to.p99MsLow);
    differs(change.inFlightHigh, from.inFlightHigh, to.inFlightHigh);
    differs(change.inFlightLow, from.inFlightLow, to.inFlightLow);
    differs(change.secondsBeforeOff, from.secondsBeforeOff, to.secondsBeforeOff);
    differs(change.secondsBeforeOn, from.secondsBeforeOn, to.secondsBeforeOn);
    differs(change.featureOrder, from.featureOrder, to.featureOrder);
    return change;
}

} // namespace topcoat::ui

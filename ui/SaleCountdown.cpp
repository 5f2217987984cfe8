#include "SaleCountdown.h"

#include "Counted.h"
#include "SalesModel.h"

#include <algorithm>

namespace topcoat::ui {
namespace {

QString twoDigits(qint64 value) {
    return QStringLiteral("%1").arg(value, 2, 10, QLatin1Char('0'));
}

} // namespace

QString formatEndsIn(qint64 seconds) {
    seconds = std::max<qint64>(0, seconds);
    const auto hours = seconds / 3600;
    const auto minutes = seconds / 60 % 60;
    if (hours > 0)
        return QStringLiteral("%1:%2:%3")
            .arg(hours)
            .arg(twoDigits(minutes), twoDigits(seconds % 60));
    return QStringLiteral("%1:%2").arg(twoDigits(minutes), twoDigits(seconds % 60));
}

QString formatStartsIn(qint64 seconds) {
    seconds = std::max<qint64>(0, seconds);
    const auto days = seconds / 86400;
    const auto clock = QStringLiteral("%1:%2:%3")
                           .arg(twoDigits(seconds / 3600 % 24), twoDigits(seconds / 60 % 60),
                                twoDigits(seconds % 60));
    return days > 0 ? QStringLiteral("%1d %2").arg(days).arg(clock) : clock;
}

SaleCountdown saleCountdown(const ServerStatus& status, const QDateTime& now) {
    if (status.liveSale && now < status.liveSale->endsAt)
        return {SaleCountdown::Phase::Live, status.liveSale->name,
                now.secsTo(status.liveSale->endsAt)};
    if (status.nextSale && now < status.nextSale->endsAt) {
        const auto& next = *status.nextSale;
        if (now < next.startsAt)
            return {SaleCountdown::Phase::Next, next.name, now.secsTo(next.startsAt)};
        return {SaleCountdown::Phase::Live, next.name, now.secsTo(next.endsAt)};
    }
    return {};
}

QList<LiveSale> liveSales(const ServerStatus& status, const QDateTime& now) {
    QList<Sale> running = status.liveSales;
    if (status.nextSale && status.nextSale->startsAt <= now &&
        std::none_of(running.cbegin(), running.cend(),
                     [&](const Sale& sale) { return sale.id == status.nextSale->id; }))
        running.append(*status.nextSale);
    QList<LiveSale> live;
    for (const auto& sale : running) {
        if (now >= sale.endsAt)
            continue;
        LiveSale entry{sale.name, now.secsTo(sale.endsAt)};
        for (const auto& item : sale.items) {
            entry.unitsSold += item.sold;
            entry.revenueCents += item.sold * item.salePriceCents;
        }
        live.append(entry);
    }
    std::stable_sort(live.begin(), live.end(), [](const LiveSale& a, const LiveSale& b) {
        return a.secondsLeft < b.secondsLeft;
    });
    return live;
}

QString LiveSale::text() const {
    return QStringLiteral("Live: %1 · ends in %2 · %3 · %4")
        .arg(name, formatEndsIn(secondsLeft),
             counted(unitsSold, QStringLiteral("unit"), QStringLiteral("units")),
             formatCents(revenueCents));
}

QString SaleCountdown::text() const {
    switch (phase) {
    case Phase::Live:
        return QStringLiteral("Live: %1 · ends in %2").arg(name, formatEndsIn(secondsLeft));
    case Phase::Next:
        return QStringLiteral("Next: %1 · starts in %2").arg(name, formatStartsIn(secondsLeft));
    case Phase::None:
        break;
    }
    return QStringLiteral("No sale scheduled");
}

} // namespace topcoat::ui

#pragma once

// What the dashboard's header says about sales: the live one and the time until it ends, or
// the next one and the time until it starts, worked out from GET /admin/status and a clock so
// the countdown can tick locally between polls.

#include "ApiTypes.h"

#include <QDateTime>
#include <QString>

namespace topcoat::ui {

struct SaleCountdown {
    enum class Phase { None, Live, Next };

    Phase phase = Phase::None;
    QString name;
    qint64 secondsLeft = 0; // until it ends (Live) or starts (Next)

    // "Live: Holo Hour · ends in 42:10", "Next: Holo Hour · starts in 00:02:41", "No sale …".
    QString text() const;
};

// One of the sales live now, with what it has sold so far.
struct LiveSale {
    QString name;
    qint64 secondsLeft = 0;  // until it ends
    qint64 unitsSold = 0;    // over its items
    qint64 revenueCents = 0; // units sold × sale price, over its items

    // "Live: Holo Hour · ends in 42:10 · 14 units · $125.86".
    QString text() const;
};

// Every sale live at `now`, soonest to end first: several run at once when they sell different
// SKUs. A scheduled sale whose start has passed counts, as in saleCountdown().
QList<LiveSale> liveSales(const ServerStatus& status, const QDateTime& now);

// A scheduled sale whose start has passed counts as live until the next poll says so, so the
// header turns over on time rather than up to one poll late.
SaleCountdown saleCountdown(const ServerStatus& status, const QDateTime& now);

// mm:ss below an hour, h:mm:ss above (ends in); hh:mm:ss, with days past 24 h (starts in).
QString formatEndsIn(qint64 seconds);
QString formatStartsIn(qint64 seconds);

} // namespace topcoat::ui

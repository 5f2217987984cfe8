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

// A scheduled sale whose start has passed counts as live until the next poll says so, so the
// header turns over on time rather than up to one poll late.
SaleCountdown saleCountdown(const ServerStatus& status, const QDateTime& now);

// mm:ss below an hour, h:mm:ss above (ends in); hh:mm:ss, with days past 24 h (starts in).
QString formatEndsIn(qint64 seconds);
QString formatStartsIn(qint64 seconds);

} // namespace topcoat::ui

#pragma once

// What the server accepts for each protection setting (the ranges of server/API.md
// "## Protection"), checked in the console so the owner sees a mistake next to the field before
// anything is sent, and the difference between two settings as the change to send.

#include "ApiTypes.h"

#include <QMap>
#include <QString>
#include <QStringList>

namespace topcoat::ui {

enum class ProtectionField {
    PerSecond,
    Burst,
    MaxInFlight,
    AdmitPerMinute,
    PassSeconds,
    TrustedProxies,
    P99MsHigh,
    P99MsLow,
    InFlightHigh,
    InFlightLow,
    SecondsBeforeOff,
    SecondsBeforeOn,
    FeatureOrder,
};

struct IntegerRange {
    qint64 minimum = 0;
    qint64 maximum = 0;
};

// The range of a number field (not TrustedProxies or FeatureOrder).
IntegerRange protectionRange(ProtectionField field);

// What is wrong with each field, in words for the owner; empty when the server would accept it.
QMap<ProtectionField, QString> protectionProblems(const ProtectionSettings& settings);

// Settings the server accepts but that probably do not do what the owner means, in words for
// the owner (e.g. a burst below the steady rate); empty when there are none.
QStringList protectionWarnings(const ProtectionSettings& settings);

// The fields of `to` that differ from `from`.
ProtectionChange protectionChange(const ProtectionSettings& from, const ProtectionSettings& to);

} // namespace topcoat::ui

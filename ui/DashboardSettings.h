#pragma once

// The dashboard's remembered choices, typed, on top of the application's QSettings: how the
// checkout chart is scaled.

#include <QSettings>

namespace topcoat::ui {

class DashboardSettings {
public:
    // Log scale for checkouts by outcome, else confirmed on an axis of its own (the default).
    bool checkoutsLogScale() const;
    void setCheckoutsLogScale(bool log);

private:
    mutable QSettings settings_;
};

} // namespace topcoat::ui

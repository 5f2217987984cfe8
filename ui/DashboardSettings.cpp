#include "DashboardSettings.h"

namespace topcoat::ui {
namespace {

const QString checkoutsScaleKey = QStringLiteral("dashboard/checkoutsScale");
const QString logScale = QStringLiteral("log");
const QString ownAxis = QStringLiteral("confirmed_axis");

} // namespace

bool DashboardSettings::checkoutsLogScale() const {
    return settings_.value(checkoutsScaleKey, ownAxis).toString() == logScale;
}

void DashboardSettings::setCheckoutsLogScale(bool log) {
    settings_.setValue(checkoutsScaleKey, log ? logScale : ownAxis);
}

} // namespace topcoat::ui

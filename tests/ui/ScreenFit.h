#pragma once

// Whether a screen's layout fits the room its window gives it: what every "fits 1024x680" check
// of the console asks.

#include <QLayout>
#include <QString>
#include <QWidget>

namespace topcoat::test {

// Empty when `screen`'s layout needs no more than the screen's size; otherwise what it needs
// and has, named `name`, for the failure message.
inline QString misfit(const QWidget& screen, const QString& name) {
    const auto needed = screen.layout()->minimumSize();
    if (needed.width() <= screen.width() && needed.height() <= screen.height())
        return {};
    return QStringLiteral("%1 needs %2x%3, has %4x%5")
        .arg(name)
        .arg(needed.width())
        .arg(needed.height())
        .arg(screen.width())
        .arg(screen.height());
}

} // namespace topcoat::test

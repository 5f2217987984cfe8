#pragma once

// "1 product", "2,400 products": a count with its noun in the right number, in the user's
// locale. tr()'s %n needs plural forms from a translation, which the console does not ship.

#include <QLocale>
#include <QString>

namespace topcoat::ui {

inline QString counted(qint64 count, const QString& one, const QString& many) {
    return QLocale().toString(count) + QLatin1Char(' ') + (count == 1 ? one : many);
}

} // namespace topcoat::ui

#pragma once

// The look the dashboard's charts share (fonts, axis colours, round axis steps) and the one way
// it writes a percentage, so bars, titles and tables agree.

#include <QFont>
#include <QString>

class QAbstractAxis;
class QChart;
class QValueAxis;

namespace topcoat::ui::chartstyle {

QFont font(int pointSize, bool bold = false);
// Title, margins and legend as every dashboard chart has them.
void styleChart(QChart& chart, const QString& title);
void styleAxis(QAbstractAxis& axis, int labelPointSize = 8);
// Scales `axis` from 0 to a round value above `highest`, ticks on round steps: whole units
// when `decimals` is 0, else steps no finer than 10^-decimals.
void scaleFromZero(QValueAxis& axis, double highest, int decimals = 0);
// "37%", with one decimal below 10% so the first units of a sale still show ("0.4%").
QString percent(double fraction);

} // namespace topcoat::ui::chartstyle

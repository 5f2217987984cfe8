#pragma once

// The look the dashboard's charts share (fonts, axis colours, round axis steps) and the one way
// it writes a percentage, so bars, titles and tables agree.

#include <QFont>
#include <QString>

class QAbstractAxis;
class QCategoryAxis;
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
// A chart over time in the dashboard's style: `timeAxis` along the bottom, `valueAxis` on the
// left scaled from zero, the legend hidden until there are several lines. The chart owns both.
QChart* timeChart(const QString& title, QCategoryAxis& timeAxis, QValueAxis& valueAxis,
                  int decimals);
// Shows `fromMs`..`toMs` (Unix ms) on `axis`, labelled on multiples of `stepMs` with local
// times in `format`: round times move with the data instead of changing text in place.
void labelTimeAxis(QCategoryAxis& axis, qint64 fromMs, qint64 toMs, qint64 stepMs,
                   const QString& format);
// log10(1 + value): where a count sits on a log axis that keeps a place for 0 at the bottom.
double logScaled(double value);
// Labels `axis` 0, 1, 10, 100… at their logScaled() places, up to the first power of ten
// above `highest`, and shows that range.
void labelLogAxis(QCategoryAxis& axis, double highest);
// "37%", with one decimal below 10% so the first units of a sale still show ("0.4%").
QString percent(double fraction);

} // namespace topcoat::ui::chartstyle

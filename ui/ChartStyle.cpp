#include "ChartStyle.h"

#include <QAbstractAxis>
#include <QCategoryAxis>
#include <QChart>
#include <QDateTime>
#include <QLegend>
#include <QLocale>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace topcoat::ui::chartstyle {
namespace {

// 1, 2 or 5 times a power of ten, at least `value`.
double niceStep(double value) {
    const double power = std::pow(10.0, std::floor(std::log10(value)));
    for (double factor : {1.0, 2.0, 5.0})
        if (factor * power >= value * 0.999)
            return factor * power;
    return 10.0 * power;
}

} // namespace

QFont font(int pointSize, bool bold) {
    QFont result;
    result.setPointSize(pointSize);
    result.setBold(bold);
    return result;
}

void styleChart(QChart& chart, const QString& title) {
    chart.setTitleFont(font(10, true));
    chart.setTitleBrush(QColor(0x21, 0x25, 0x29));
    chart.setTitle(title);
    chart.setBackgroundRoundness(0);
    // Room on the right for a time label centred on the last instant.
    chart.setMargins(QMargins(4, 4, 28, 4));
    chart.legend()->setAlignment(Qt::AlignBottom);
    chart.legend()->setFont(font(8));
    chart.legend()->setMarkerShape(QLegend::MarkerShapeRectangle);
    chart.legend()->setLabelColor(QColor(0x34, 0x3a, 0x40));
}

void styleAxis(QAbstractAxis& axis, int labelPointSize) {
    axis.setLabelsFont(font(labelPointSize));
    axis.setLabelsColor(QColor(0x49, 0x50, 0x57));
    axis.setGridLineColor(QColor(0xe9, 0xec, 0xef));
    axis.setLinePenColor(QColor(0xce, 0xd4, 0xda));
    // A short plot would otherwise elide its numbers to "…"; whole labels may overlap a little
    // but stay readable.
    axis.setTruncateLabels(false);
}

void scaleFromZero(QValueAxis& axis, double highest, int decimals) {
    const double minimumStep = decimals > 0 ? std::pow(10.0, -decimals) : 1.0;
    // Headroom so a peak does not sit on the frame; at least four steps tall.
    const double wanted = std::max(highest * 1.05, 4 * minimumStep);
    const double step = std::max(minimumStep, niceStep(wanted / 4.0));
    const double top = std::ceil(wanted / step - 1e-9) * step;
    axis.setLabelFormat(QStringLiteral("%.%1f").arg(step < 1.0 ? decimals : 0));
    axis.setTickType(QValueAxis::TicksDynamic);
    axis.setTickAnchor(0);
    axis.setMinorTickCount(0);
    axis.setTickInterval(step);
    axis.setRange(0, top);
}

double logScaled(double value) {
    return std::log10(1.0 + std::max(0.0, value));
}

void labelLogAxis(QCategoryAxis& axis, double highest) {
    for (const auto& label : axis.categoriesLabels())
        axis.remove(label);
    // A hair below 0, so "0" can sit on the bottom line as a label of its own.
    axis.setStartValue(-1e-6);
    axis.append(QStringLiteral("0"), 0);
    qint64 top = 1;
    for (; double(top) < highest * 1.05 || top < 10; top *= 10)
        axis.append(QLocale().toString(top), logScaled(double(top)));
    axis.append(QLocale().toString(top), logScaled(double(top)));
    axis.setRange(0, logScaled(double(top)));
}

QString percent(double fraction) {
    const double value = fraction * 100.0;
    return QStringLiteral("%1%").arg(QString::number(value, 'f', value > 0 && value < 10 ? 1 : 0));
}

QChart* timeChart(const QString& title, QCategoryAxis& timeAxis, QValueAxis& valueAxis,
                  int decimals) {
    auto* chart = new QChart;
    styleChart(*chart, title);
    chart->legend()->setVisible(false);
    timeAxis.setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    styleAxis(timeAxis);
    styleAxis(valueAxis);
    chart->addAxis(&timeAxis, Qt::AlignBottom);
    chart->addAxis(&valueAxis, Qt::AlignLeft);
    scaleFromZero(valueAxis, 0, decimals);
    return chart;
}

void labelTimeAxis(QCategoryAxis& axis, qint64 fromMs, qint64 toMs, qint64 stepMs,
                   const QString& format) {
    for (const auto& label : axis.categoriesLabels())
        axis.remove(label);
    axis.setStartValue(double(fromMs));
    for (auto at = (fromMs / stepMs + 1) * stepMs; at <= toMs; at += stepMs)
        axis.append(QDateTime::fromMSecsSinceEpoch(at).toLocalTime().toString(format), double(at));
    axis.setRange(double(fromMs), double(toMs));
}

} // namespace topcoat::ui::chartstyle

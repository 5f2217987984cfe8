#include "ProtectionChart.h"

#include "ChartStyle.h"

#include <QCategoryAxis>
#include <QLineSeries>
#include <QValueAxis>
#include <algorithm>

namespace topcoat::ui {
namespace {

// Labels on round minutes.
constexpr qint64 labelStepMs = 60'000;

} // namespace

ProtectionChart::ProtectionChart(const QString& title, int decimals, QWidget* parent)
    : QChartView(parent), decimals_(decimals), timeAxis_(new QCategoryAxis),
      valueAxis_(new QValueAxis) {
    // The view owns the chart, the chart its axes and series.
    setChart(chartstyle::timeChart(title, *timeAxis_, *valueAxis_, decimals_));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(280, 150);
}

void ProtectionChart::addLine(const QString& name, const QColor& color, Value value) {
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(color, 2));
    lines_.append({name, std::move(value), series});
    chart()->addSeries(series);
    series->attachAxis(timeAxis_);
    series->attachAxis(valueAxis_);
    // One line explains itself through the title; several need a legend.
    chart()->legend()->setVisible(lines_.size() > 1);
}

void ProtectionChart::plot(const ProtectionHistory& history, const QDateTime& from,
                           const QDateTime& to) {
    double highest = 0;
    for (auto& line : lines_) {
        QList<QPointF> points;
        for (const auto& point : history.points()) {
            if (point.at < from || point.at > to)
                continue;
            const auto y = line.value(point);
            points.append({double(point.at.toMSecsSinceEpoch()), y});
            highest = std::max(highest, y);
        }
        // replace() redraws once, where clear() + append() would redraw per point.
        line.series->replace(points);
    }
    chartstyle::labelTimeAxis(*timeAxis_, from.toMSecsSinceEpoch(), to.toMSecsSinceEpoch(),
                              labelStepMs, QStringLiteral("HH:mm"));
    chartstyle::scaleFromZero(*valueAxis_, highest, decimals_);
}

const QLineSeries* ProtectionChart::line(const QString& name) const {
    for (const auto& line : lines_)
        if (line.name == name)
            return line.series;
    return nullptr;
}

} // namespace topcoat::ui

#include "TimeSeriesChart.h"

#include "ChartStyle.h"

#include <QCategoryAxis>
#include <QLineSeries>
#include <QToolTip>
#include <QValueAxis>
#include <algorithm>

namespace topcoat::ui {
namespace {

// Round-time spacing for labels, so they read 12:01:30, 12:02:00 and move with the data
// instead of fixed positions whose text changes every second.
qint64 labelStepMs(qint64 spanMs) {
    for (qint64 seconds : {5, 10, 15, 30, 60, 120, 180, 300, 600})
        if (seconds * 1000 * 5 >= spanMs)
            return seconds * 1000;
    return 900 * 1000;
}

const QString timeFormat = QStringLiteral("HH:mm:ss");

QString timeLabel(qint64 ms) {
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(timeFormat);
}

} // namespace

TimeSeriesChart::TimeSeriesChart(const QString& title, const QString& unit, int decimals,
                                 QWidget* parent)
    : QChartView(parent), title_(title), unit_(unit), decimals_(decimals),
      timeAxis_(new QCategoryAxis), valueAxis_(new QValueAxis) {
    // The view owns the chart, the chart its axes and series.
    setChart(chartstyle::timeChart(title_, *timeAxis_, *valueAxis_, decimals_));
    setRenderHint(QPainter::Antialiasing);
    setMinimumSize(320, 200);
}

void TimeSeriesChart::addLine(const QString& name, const QColor& color, Value value) {
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(color, 2));
    const auto index = lines_.size();
    lines_.append({name, std::move(value), series});
    connect(series, &QLineSeries::hovered, this, [this, index](const QPointF& point, bool entered) {
        onLineHovered(static_cast<int>(index), point, entered);
    });
    // Later series paint over earlier ones, and lines often overlap at zero: add them in reverse
    // so the first line (e.g. confirmed checkouts) is on top, not a red "errors" line at 0.
    for (const auto& line : lines_)
        if (line.series != series)
            chart()->removeSeries(line.series);
    for (auto line = lines_.crbegin(); line != lines_.crend(); ++line) {
        chart()->addSeries(line->series);
        line->series->attachAxis(timeAxis_);
        line->series->attachAxis(valueAxis_);
    }
    // ... and list them in the order they were added after all.
    chart()->legend()->setReverseMarkers(true);
    // One line explains itself through the title; several need a legend.
    chart()->legend()->setVisible(lines_.size() > 1);
}

void TimeSeriesChart::plot(const StatsTimeline& timeline, const QDateTime& from,
                           const QDateTime& to) {
    const auto samples = timeline.covering(from, to);
    // The readings are of the last second shown: "now" when following, else that second's time.
    const StatsSample* shownLast = nullptr;
    for (const auto& sample : samples)
        if (sample.at <= to)
            shownLast = &sample;
    const bool atNewest = shownLast && shownLast->at == timeline.newest();
    double highest = 0;
    for (auto& line : lines_) {
        QList<QPointF> points;
        points.reserve(static_cast<qsizetype>(samples.size()));
        for (const auto& sample : samples) {
            const auto y = line.value(sample);
            points.append({double(sample.at.toMSecsSinceEpoch()), y});
            if (sample.at >= from && sample.at <= to)
                highest = std::max(highest, y);
        }
        // replace() redraws once, where clear() + append() would redraw per point.
        line.series->replace(points);
        const auto reading =
            QString::number(shownLast ? line.value(*shownLast) : 0.0, 'f', decimals_);
        if (lines_.size() > 1)
            line.series->setName(QStringLiteral("%1  %2%3").arg(line.name, reading, unit_));
        else
            chart()->setTitle(tr("%1  ·  %2 %3%4")
                                  .arg(title_,
                                       atNewest || !shownLast
                                           ? tr("now")
                                           : timeLabel(shownLast->at.toMSecsSinceEpoch()),
                                       reading, unit_));
    }
    const auto fromMs = from.toMSecsSinceEpoch();
    const auto toMs = to.toMSecsSinceEpoch();
    chartstyle::labelTimeAxis(*timeAxis_, fromMs, toMs, labelStepMs(toMs - fromMs), timeFormat);
    chartstyle::scaleFromZero(*valueAxis_, highest, decimals_);
}

const QLineSeries* TimeSeriesChart::line(const QString& name) const {
    for (const auto& line : lines_)
        if (line.name == name)
            return line.series;
    return nullptr;
}

void TimeSeriesChart::onLineHovered(int index, const QPointF& point, bool entered) {
    if (!entered) {
        QToolTip::hideText();
        return;
    }
    const auto& line = lines_.at(index);
    QToolTip::showText(QCursor::pos(), QStringLiteral("%1  %2: %3%4")
                                           .arg(timeLabel(qint64(point.x())), line.name,
                                                QString::number(point.y(), 'f', decimals_), unit_));
}

} // namespace topcoat::ui

#pragma once

// One live line chart of the dashboard: a few lines, each a value taken from every per-second
// sample (requests, a checkout outcome, a latency percentile), over a time axis showing the
// stretch of the timeline the owner is looking at.

#include "StatsTimeline.h"

#include <QChartView>
#include <QColor>
#include <QList>
#include <QString>
#include <functional>

class QCategoryAxis;
class QLineSeries;
class QValueAxis;

namespace topcoat::ui {

class TimeSeriesChart : public QChartView {
    Q_OBJECT

public:
    using Value = std::function<double(const StatsSample&)>;

    // `unit` follows every reading as is (" ms", or "" for counts); `decimals` sets the
    // value axis and the readings (0 for counts).
    TimeSeriesChart(const QString& title, const QString& unit, int decimals,
                    QWidget* parent = nullptr);

    void addLine(const QString& name, const QColor& color, Value value);
    // Replots every line from the samples between `from` and `to`.
    void plot(const StatsTimeline& timeline, const QDateTime& from, const QDateTime& to);

    // For tests and tooltips: the plotted line called `name`, or nullptr.
    const QLineSeries* line(const QString& name) const;
    // Its range is the stretch plotted (Unix ms); labels sit on round times.
    const QCategoryAxis* timeAxis() const { return timeAxis_; }

private:
    struct Line {
        QString name;
        Value value;
        QLineSeries* series = nullptr;
    };

    void onLineHovered(int index, const QPointF& point, bool entered);

    QString title_;
    QString unit_;
    int decimals_;
    QList<Line> lines_;
    QCategoryAxis* timeAxis_;
    QValueAxis* valueAxis_;
};

} // namespace topcoat::ui

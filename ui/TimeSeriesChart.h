#pragma once

// One live line chart of the dashboard: a few lines, each a value taken from every per-second
// sample (requests, a checkout outcome, a latency percentile), over a time axis showing the
// stretch of the timeline the owner is looking at, with a legend that wraps rather than cuts.

#include "StatsTimeline.h"

#include <QColor>
#include <QList>
#include <QString>
#include <QWidget>
#include <functional>

class QCategoryAxis;
class QChart;
class QChartView;
class QLabel;
class QLineSeries;
class QToolButton;
class QValueAxis;

namespace topcoat::ui {

class TimeSeriesChart : public QWidget {
    Q_OBJECT

public:
    using Value = std::function<double(const StatsSample&)>;

    // What the legend reads while the cursor is off the chart: the sum over the stretch shown
    // (counts per second) or its peak (latencies, gauges). Never a lone reading of one second.
    enum class Summary { Total, Peak };
    // Log compresses a flood so a trickle beside it stays visible (0 stays at the bottom).
    enum class Scale { Linear, Log };

    // `unit` follows every reading as is (" ms", or "" for counts); `decimals` sets the
    // value axis and the readings (0 for counts).
    TimeSeriesChart(const QString& title, const QString& unit, int decimals, Summary summary,
                    QWidget* parent = nullptr);

    void addLine(const QString& name, const QColor& color, Value value);
    // On the linear scale, line `name` gets an axis of its own on the right, scaled to it
    // alone, so a few confirmed checkouts stay readable beside thousands of sold-outs.
    void setOwnAxis(const QString& name);
    // Offers the owner a "Log scale" toggle in the chart's corner; scaleChosen() reports it.
    void offerLogScale();
    void setScale(Scale scale);
    // Greys the plot and legend out (false) while their figures are not live; the scale toggle
    // stays usable, since it is the owner's choice and not a figure.
    void setLive(bool live);
    bool live() const;
    Scale scale() const { return scale_; }

    // Replots every line from the samples between `from` and `to`.
    void plot(const StatsTimeline& timeline, const QDateTime& from, const QDateTime& to);
    // The legend reads each line's value in the second nearest `atMs` (Unix ms), as when the
    // cursor is over that time; showSummary() goes back to the stretch's totals or peaks.
    void showReadingsAt(qint64 atMs);
    void showSummary();

    // For tests and tooltips: the plotted line called `name`, or nullptr.
    const QLineSeries* line(const QString& name) const;
    // Its range is the stretch plotted (Unix ms); labels sit on round times.
    const QCategoryAxis* timeAxis() const { return timeAxis_; }
    const QChart& chart() const;
    const QLabel& legend() const { return *legend_; }
    // The legend as plain text, e.g. "In view: Confirmed 12 · Sold out 1,531".
    QString legendText() const { return legendPlain_; }
    const QToolButton* logToggle() const { return logToggle_; }

signals:
    void scaleChosen(Scale scale);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    struct Line {
        QString name;
        QColor color;
        Value value;
        QLineSeries* series = nullptr;
        bool ownAxis = false;
    };

    void attachAxes();
    void replot();
    void writeLegend(const QString& prefix, const QList<double>& values);
    void placeToggle();

    QString title_;
    QString unit_;
    int decimals_;
    Summary summary_;
    Scale scale_ = Scale::Linear;
    QList<Line> lines_;
    QChartView* view_;
    QLabel* legend_;
    QToolButton* logToggle_ = nullptr;
    QCategoryAxis* timeAxis_;
    QValueAxis* valueAxis_;
    QValueAxis* ownAxis_;
    QCategoryAxis* logAxis_;
    // What was plotted last, so the legend can read any second of it under the cursor.
    QList<StatsSample> shown_;
    QDateTime from_;
    QDateTime to_;
    bool hovering_ = false;
    QString legendPlain_;
};

} // namespace topcoat::ui

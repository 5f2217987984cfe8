#include "TimeSeriesChart.h"

#include "ChartStyle.h"

#include <QCategoryAxis>
#include <QChartView>
#include <QEvent>
#include <QGraphicsLayout>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QMouseEvent>
#include <QSignalBlocker>
#include <QToolButton>
#include <QVBoxLayout>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

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

QString timeLabel(const QDateTime& at) {
    return at.toLocalTime().toString(timeFormat);
}

// Spaces inside one legend entry never break; only the gaps between entries do.
QString unbreakable(const QString& text) {
    return text.toHtmlEscaped().replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
}

} // namespace

TimeSeriesChart::TimeSeriesChart(const QString& title, const QString& unit, int decimals,
                                 Summary summary, QWidget* parent)
    : QWidget(parent), title_(title), unit_(unit), decimals_(decimals), summary_(summary),
      view_(new QChartView(this)), legend_(new QLabel(this)), timeAxis_(new QCategoryAxis),
      valueAxis_(new QValueAxis), ownAxis_(new QValueAxis), logAxis_(new QCategoryAxis) {
    // The view owns the chart, the chart its axes and series.
    auto* chart = chartstyle::timeChart(title_, *timeAxis_, *valueAxis_, decimals_);
    // The legend is text under the chart: no room is kept around the plot, so four charts fit
    // a small window with readable axes.
    chart->layout()->setContentsMargins(0, 0, 0, 0);
    chartstyle::styleAxis(*ownAxis_);
    chartstyle::styleAxis(*logAxis_);
    logAxis_->setLabelsPosition(QCategoryAxis::AxisLabelsPositionOnValue);
    chart->addAxis(ownAxis_, Qt::AlignRight);
    chart->addAxis(logAxis_, Qt::AlignLeft);
    ownAxis_->setVisible(false);
    logAxis_->setVisible(false);
    view_->setChart(chart);
    view_->setRenderHint(QPainter::Antialiasing);
    view_->setMinimumSize(240, 100);
    view_->viewport()->setMouseTracking(true);
    view_->viewport()->installEventFilter(this);
    view_->installEventFilter(this);

    legend_->setWordWrap(true);
    legend_->setTextFormat(Qt::RichText);
    legend_->setFont(chartstyle::font(8));
    legend_->setContentsMargins(8, 0, 8, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(view_, 1);
    layout->addWidget(legend_);
    setStyleSheet(QStringLiteral("TimeSeriesChart { background: white; }"));
    setAttribute(Qt::WA_StyledBackground);
}

void TimeSeriesChart::addLine(const QString& name, const QColor& color, Value value) {
    auto* series = new QLineSeries;
    series->setName(name);
    series->setPen(QPen(color, 2));
    lines_.append({name, color, std::move(value), series});
    // Later series paint over earlier ones, and lines often overlap at zero: add them in reverse
    // so the first line (e.g. confirmed checkouts) is on top, not a red "errors" line at 0.
    for (const auto& line : lines_)
        if (line.series != series)
            view_->chart()->removeSeries(line.series);
    for (auto line = lines_.crbegin(); line != lines_.crend(); ++line) {
        view_->chart()->addSeries(line->series);
        line->series->attachAxis(timeAxis_);
    }
    attachAxes();
    showSummary();
}

void TimeSeriesChart::setOwnAxis(const QString& name) {
    for (auto& line : lines_)
        line.ownAxis = line.name == name;
    for (const auto& line : lines_)
        if (line.ownAxis)
            ownAxis_->setLabelsColor(line.color.darker(120));
    attachAxes();
    replot();
}

void TimeSeriesChart::offerLogScale() {
    if (logToggle_)
        return;
    // A sibling of the plot, not its child, so greying the plot out leaves it usable.
    logToggle_ = new QToolButton(this);
    logToggle_->setText(tr("Log scale"));
    logToggle_->setToolTip(tr("Compress large counts so small ones stay readable"));
    logToggle_->setCheckable(true);
    logToggle_->setChecked(scale_ == Scale::Log);
    logToggle_->setFont(chartstyle::font(8));
    // clicked, not toggled: only the owner's choice is reported, never setScale()'s.
    connect(logToggle_, &QToolButton::clicked, this, [this](bool on) {
        setScale(on ? Scale::Log : Scale::Linear);
        emit scaleChosen(scale_);
    });
    placeToggle();
}

void TimeSeriesChart::setScale(Scale scale) {
    if (logToggle_) {
        const QSignalBlocker blocker(logToggle_);
        logToggle_->setChecked(scale == Scale::Log);
    }
    if (scale == scale_)
        return;
    scale_ = scale;
    attachAxes();
    replot();
}

void TimeSeriesChart::setLive(bool live) {
    view_->setEnabled(live);
    legend_->setEnabled(live);
}

bool TimeSeriesChart::live() const {
    return view_->isEnabled();
}

void TimeSeriesChart::attachAxes() {
    const bool log = scale_ == Scale::Log;
    bool anyOwn = false;
    for (const auto& line : lines_) {
        for (auto* axis : line.series->attachedAxes())
            if (axis != timeAxis_)
                line.series->detachAxis(axis);
        const bool own = !log && line.ownAxis;
        anyOwn = anyOwn || own;
        line.series->attachAxis(log   ? static_cast<QAbstractAxis*>(logAxis_)
                                : own ? static_cast<QAbstractAxis*>(ownAxis_)
                                      : static_cast<QAbstractAxis*>(valueAxis_));
    }
    valueAxis_->setVisible(!log);
    logAxis_->setVisible(log);
    ownAxis_->setVisible(anyOwn);
}

void TimeSeriesChart::plot(const StatsTimeline& timeline, const QDateTime& from,
                           const QDateTime& to) {
    const auto covering = timeline.covering(from, to);
    shown_ = QList<StatsSample>(covering.begin(), covering.end());
    from_ = from;
    to_ = to;
    replot();
}

void TimeSeriesChart::replot() {
    const bool log = scale_ == Scale::Log;
    double highest = 0;
    double ownHighest = 0;
    for (auto& line : lines_) {
        QList<QPointF> points;
        points.reserve(shown_.size());
        for (const auto& sample : shown_) {
            const auto y = line.value(sample);
            points.append(
                {double(sample.at.toMSecsSinceEpoch()), log ? chartstyle::logScaled(y) : y});
            if (sample.at < from_ || sample.at > to_)
                continue;
            auto& top = !log && line.ownAxis ? ownHighest : highest;
            top = std::max(top, y);
        }
        // replace() redraws once, where clear() + append() would redraw per point.
        line.series->replace(points);
    }
    if (log) {
        chartstyle::labelLogAxis(*logAxis_, highest);
    } else {
        chartstyle::scaleFromZero(*valueAxis_, highest, decimals_);
        chartstyle::scaleFromZero(*ownAxis_, ownHighest, decimals_);
    }
    if (from_.isValid()) {
        const auto fromMs = from_.toMSecsSinceEpoch();
        const auto toMs = to_.toMSecsSinceEpoch();
        chartstyle::labelTimeAxis(*timeAxis_, fromMs, toMs, labelStepMs(toMs - fromMs), timeFormat);
    }
    // The cursor stays where it was while new seconds come in; its readings stand.
    if (!hovering_)
        showSummary();
}

void TimeSeriesChart::showSummary() {
    hovering_ = false;
    QList<double> values;
    for (const auto& line : lines_) {
        double value = 0;
        for (const auto& sample : shown_) {
            if (sample.at < from_ || sample.at > to_)
                continue;
            const auto y = line.value(sample);
            value = summary_ == Summary::Total ? value + y : std::max(value, y);
        }
        values.append(value);
    }
    writeLegend(summary_ == Summary::Total ? tr("In view:") : tr("Peak in view:"), values);
}

void TimeSeriesChart::showReadingsAt(qint64 atMs) {
    const StatsSample* nearest = nullptr;
    qint64 distance = 0;
    for (const auto& sample : shown_) {
        if (sample.at < from_ || sample.at > to_)
            continue;
        const auto away = std::abs(sample.at.toMSecsSinceEpoch() - atMs);
        if (!nearest || away < distance) {
            nearest = &sample;
            distance = away;
        }
    }
    if (!nearest) {
        showSummary();
        return;
    }
    hovering_ = true;
    QList<double> values;
    for (const auto& line : lines_)
        values.append(line.value(*nearest));
    writeLegend(tr("At %1:").arg(timeLabel(nearest->at)), values);
}

void TimeSeriesChart::writeLegend(const QString& prefix, const QList<double>& values) {
    QStringList plain;
    QStringList rich;
    for (qsizetype i = 0; i < lines_.size(); ++i) {
        const auto& line = lines_.at(i);
        const auto name = line.ownAxis && scale_ == Scale::Linear
                              ? tr("%1 (right axis)").arg(line.name)
                              : line.name;
        const auto reading = QLocale().toString(values.value(i), 'f', decimals_) + unit_;
        plain.append(QStringLiteral("%1 %2").arg(name, reading));
        rich.append(QStringLiteral("<span style=\"color:%1\">&#9632;</span>&nbsp;%2&nbsp;<b>%3</b>")
                        .arg(line.color.name(), unbreakable(name), unbreakable(reading)));
    }
    legendPlain_ = prefix + QLatin1Char(' ') + plain.join(QStringLiteral(" · "));
    legend_->setText(QStringLiteral("<span style=\"color:#495057\">%1</span> %2")
                         .arg(unbreakable(prefix), rich.join(QStringLiteral(" &nbsp; "))));
}

const QLineSeries* TimeSeriesChart::line(const QString& name) const {
    for (const auto& line : lines_)
        if (line.name == name)
            return line.series;
    return nullptr;
}

const QChart& TimeSeriesChart::chart() const {
    return *view_->chart();
}

bool TimeSeriesChart::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_ && (event->type() == QEvent::Resize || event->type() == QEvent::Move)) {
        placeToggle();
    } else if (watched == view_->viewport() && !lines_.isEmpty()) {
        if (event->type() == QEvent::MouseMove) {
            const auto pos = static_cast<QMouseEvent*>(event)->position();
            if (view_->chart()->plotArea().contains(pos))
                showReadingsAt(qint64(view_->chart()->mapToValue(pos, lines_.first().series).x()));
            else if (hovering_)
                showSummary();
        } else if (event->type() == QEvent::Leave) {
            showSummary();
        }
    }
    return QWidget::eventFilter(watched, event);
}

void TimeSeriesChart::placeToggle() {
    if (!logToggle_)
        return;
    const auto size = logToggle_->sizeHint();
    const auto plot = view_->geometry();
    logToggle_->setGeometry(plot.right() - size.width() - 4, plot.top() + 4, size.width(),
                            size.height());
    logToggle_->raise();
}

} // namespace topcoat::ui

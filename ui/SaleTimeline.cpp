#include "SaleTimeline.h"

#include "SalesModel.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <algorithm>

namespace topcoat::ui {
namespace {

constexpr int legendHeight = 42; // the legend, then the now label under it
constexpr int axisHeight = 34;
constexpr int maxLane = 24;
constexpr int minLane = 10;
constexpr int sideMargin = 12;
constexpr int repaintMs = 15000; // the now marker moves slowly; a bar's state comes from polls
const char* const legendStates[] = {"scheduled", "live", "ended", "cancelled"};
// Tick steps in minutes; the smallest that leaves room for its labels is used.
constexpr qint64 tickSteps[] = {1, 5, 10, 15, 30, 60, 120, 180, 360, 720, 1440, 2880, 10080};

} // namespace

SaleTimeline::SaleTimeline(QWidget* parent, Clock clock)
    : QWidget(parent),
      clock_(clock ? std::move(clock) : [] { return QDateTime::currentDateTimeUtc(); }) {
    setMouseTracking(false);
    setAttribute(Qt::WA_OpaquePaintEvent);
    connect(&repaint_, &QTimer::timeout, this, qOverload<>(&QWidget::update));
    repaint_.start(repaintMs);
}

void SaleTimeline::setSales(const QList<Sale>& sales) {
    sales_ = sales;
    update();
}

void SaleTimeline::setSelectedSale(std::optional<qint64> id) {
    selected_ = id;
    update();
}

QSize SaleTimeline::sizeHint() const {
    return {640, legendHeight + axisHeight + maxLane * std::max<int>(3, int(sales_.size())) + 8};
}

QSize SaleTimeline::minimumSizeHint() const {
    return {320, legendHeight + axisHeight + 3 * minLane + 8};
}

std::pair<QDateTime, QDateTime> SaleTimeline::span() const {
    const QDateTime now = clock_();
    QDateTime from = now.addSecs(-3600);
    QDateTime to = now.addSecs(3 * 3600);
    for (const auto& sale : sales_) {
        from = std::min(from, sale.startsAt);
        to = std::max(to, sale.endsAt);
    }
    const qint64 margin = std::max<qint64>(60, from.secsTo(to) / 25);
    return {from.addSecs(-margin), to.addSecs(margin)};
}

QList<Sale> SaleTimeline::ordered() const {
    auto lanes = sales_;
    std::stable_sort(lanes.begin(), lanes.end(), [](const Sale& a, const Sale& b) {
        return a.startsAt != b.startsAt ? a.startsAt < b.startsAt : a.id < b.id;
    });
    return lanes;
}

QRectF SaleTimeline::plotArea() const {
    return QRectF(sideMargin, legendHeight, width() - 2 * sideMargin,
                  height() - legendHeight - axisHeight);
}

double SaleTimeline::xFor(const QDateTime& at, const QRectF& plot, qint64 from, qint64 to) const {
    const double share =
        double(at.toSecsSinceEpoch() - from) / double(std::max<qint64>(1, to - from));
    return plot.left() + share * plot.width();
}

void SaleTimeline::drawAxis(QPainter& painter, const QRectF& plot, qint64 from, qint64 to) const {
    const double perMinute = plot.width() / (double(to - from) / 60.0);
    qint64 step = tickSteps[std::size(tickSteps) - 1];
    for (auto candidate : tickSteps)
        if (candidate * perMinute >= 70) {
            step = candidate;
            break;
        }
    // Ticks fall on round local times (every whole hour, midnight…), not on UTC ones.
    const qint64 offset = QDateTime::fromSecsSinceEpoch(from).toLocalTime().offsetFromUtc();
    const qint64 stepSecs = step * 60;
    qint64 tick = ((from + offset) / stepSecs + 1) * stepSecs - offset;
    QDate lastDay;
    const auto fm = painter.fontMetrics();
    for (; tick < to; tick += stepSecs) {
        const QDateTime at = QDateTime::fromSecsSinceEpoch(tick).toLocalTime();
        const double x = xFor(at, plot, from, to);
        painter.setPen(QColor(0xe9, 0xec, 0xef));
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()));
        painter.setPen(QColor(0x49, 0x50, 0x57));
        const QString time = step >= 1440 ? at.toString(QStringLiteral("ddd d MMM"))
                                          : at.toString(QStringLiteral("HH:mm"));
        painter.drawText(QRectF(x - 40, plot.bottom() + 3, 80, fm.height()), Qt::AlignHCenter,
                         time);
        if (step < 1440 && at.date() != lastDay) {
            painter.setPen(QColor(0x86, 0x8e, 0x96));
            painter.drawText(QRectF(x - 50, plot.bottom() + 3 + fm.height(), 100, fm.height()),
                             Qt::AlignHCenter, at.toString(QStringLiteral("ddd d MMM")));
        }
        lastDay = at.date();
    }
    painter.setPen(QColor(0xce, 0xd4, 0xda));
    painter.drawLine(plot.bottomLeft(), plot.bottomRight());
}

void SaleTimeline::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing);
    painter.fillRect(rect(), Qt::white);
    painter.setPen(QColor(0xde, 0xe2, 0xe6));
    painter.drawRect(QRectF(rect()).adjusted(0.5, 0.5, -0.5, -0.5));

    // Legend, top left: what each colour means.
    const auto fm = painter.fontMetrics();
    double x = sideMargin;
    for (const char* state : legendStates) {
        const QString key = QString::fromLatin1(state);
        painter.setPen(Qt::NoPen);
        painter.setBrush(saleStateColor(key));
        painter.drawRoundedRect(QRectF(x, 8, 10, 10), 2, 2);
        painter.setPen(QColor(0x49, 0x50, 0x57));
        const QString label = saleStateLabel(key);
        painter.drawText(QPointF(x + 14, 8 + fm.ascent() - 1), label);
        x += 14 + fm.horizontalAdvance(label) + 16;
    }

    const QRectF plot = plotArea();
    const auto [fromTime, toTime] = span();
    const qint64 from = fromTime.toSecsSinceEpoch();
    const qint64 to = toTime.toSecsSinceEpoch();
    drawAxis(painter, plot, from, to);

    bars_.clear();
    const auto lanes = ordered();
    if (lanes.isEmpty()) {
        painter.setPen(QColor(0x86, 0x8e, 0x96));
        painter.drawText(plot, Qt::AlignCenter, tr("No sales yet"));
    }
    const double lane = lanes.isEmpty() ? maxLane
                                        : std::clamp(plot.height() / lanes.size(), double(minLane),
                                                     double(maxLane));
    painter.save();
    painter.setClipRect(plot);
    for (qsizetype i = 0; i < lanes.size(); ++i) {
        const Sale& sale = lanes[i];
        const double left = xFor(sale.startsAt, plot, from, to);
        const double right = std::max(left + 3, xFor(sale.endsAt, plot, from, to));
        const QRectF bar(left, plot.top() + 4 + i * lane, right - left, lane - 4);
        const QColor color = saleStateColor(sale.state);
        const bool cancelled = sale.state == QLatin1String("cancelled");
        const bool chosen = selected_ == sale.id;
        painter.setPen(chosen ? QPen(QColor(0x21, 0x25, 0x29), 2) : QPen(color.darker(120), 1));
        painter.setBrush(cancelled ? QBrush(color.lighter(160), Qt::BDiagPattern) : QBrush(color));
        painter.drawRoundedRect(bar, 3, 3);
        bars_.append({bar, sale.id});

        // The name inside the bar when it fits, otherwise just after it.
        const QString name = fm.elidedText(sale.name, Qt::ElideRight, 220);
        const int textWidth = fm.horizontalAdvance(name) + 10;
        const bool inside = bar.width() >= textWidth && !cancelled;
        QRectF textBox = inside ? bar.adjusted(5, 0, -5, 0)
                                : QRectF(bar.right() + 5, bar.top(), textWidth, bar.height());
        if (!inside && textBox.right() > plot.right()) // no room after it: before it then
            textBox.moveRight(bar.left() - 5);
        painter.setPen(inside ? Qt::white : QColor(0x34, 0x3a, 0x40));
        if (lane >= fm.height())
            painter.drawText(textBox, Qt::AlignLeft | Qt::AlignVCenter, name);
    }
    painter.restore();

    // The present, drawn last so no bar hides it.
    const QDateTime now = clock_();
    const double nowX = xFor(now, plot, from, to);
    QPen nowPen(QColor(0xe0, 0x31, 0x31), 1.5, Qt::DashLine);
    painter.setPen(nowPen);
    painter.drawLine(QPointF(nowX, plot.top() - 2), QPointF(nowX, plot.bottom()));
    painter.setPen(QColor(0xe0, 0x31, 0x31));
    const QString label = tr("now %1").arg(now.toLocalTime().toString(QStringLiteral("HH:mm")));
    const double labelWidth = fm.horizontalAdvance(label) + 4;
    const double labelX = std::min(nowX + 4, double(width()) - sideMargin - labelWidth);
    painter.drawText(QRectF(labelX, legendHeight - fm.height() - 2, labelWidth, fm.height()),
                     Qt::AlignLeft, label);
}

void SaleTimeline::mousePressEvent(QMouseEvent* event) {
    for (const auto& [bar, id] : bars_)
        if (bar.adjusted(-2, -2, 2, 2).contains(event->position())) {
            emit saleClicked(id);
            return;
        }
    QWidget::mousePressEvent(event);
}

} // namespace topcoat::ui

#include "DashboardView.h"

#include "Counted.h"
#include "DashboardSettings.h"
#include "InvariantModel.h"
#include "NodesModel.h"
#include "NodesPanel.h"
#include "SalesModel.h"
#include "StockChart.h"
#include "TimeSeriesChart.h"

#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QPushButton>
#include <QScrollBar>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

using namespace std::chrono_literals;

struct Outcome {
    const char* key; // as in API.md
    const char* label;
    QColor color;
};

const Outcome outcomes[] = {
    {"confirmed", QT_TRANSLATE_NOOP("DashboardView", "Confirmed"), QColor(0x2f, 0x9e, 0x44)},
    {"sold_out", QT_TRANSLATE_NOOP("DashboardView", "Sold out"), QColor(0xf0, 0x8c, 0x00)},
    {"limit_reached", QT_TRANSLATE_NOOP("DashboardView", "Limit reached"),
     QColor(0xae, 0x3e, 0xc9)},
    {"rate_limited", QT_TRANSLATE_NOOP("DashboardView", "Rate limited"), QColor(0x1c, 0x7e, 0xd6)},
    {"shed", QT_TRANSLATE_NOOP("DashboardView", "Shed"), QColor(0xd6, 0x33, 0x6c)},
    {"rejected", QT_TRANSLATE_NOOP("DashboardView", "Rejected"), QColor(0x86, 0x8e, 0x96)},
    {"error", QT_TRANSLATE_NOOP("DashboardView", "Errors"), QColor(0xc9, 0x2a, 0x2a)},
};

const std::chrono::seconds spans[] = {1min, 2min, 5min, 15min};

QString clockTime(const QDateTime& at) {
    return at.toLocalTime().toString(QStringLiteral("HH:mm:ss"));
}

QLabel* makeLabel(int pointSize, bool bold, QWidget* parent) {
    auto* label = new QLabel(parent);
    auto font = label->font();
    font.setPointSize(pointSize);
    font.setBold(bold);
    label->setFont(font);
    return label;
}

} // namespace

DashboardView::DashboardView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), session_(session), timeline_(session.timeline()), status_(session.status()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    buildHeader(*layout);
    nodes_ = new NodesPanel(this);
    nodes_->setObjectName(QStringLiteral("dashboardNodes"));
    layout->addWidget(nodes_);
    buildCharts(*layout);
    buildTimeControls(*layout);
    buildStockPanel(*layout);

    connect(&session_, &ConsoleSession::statsUpdated, this, &DashboardView::onStatsUpdated);
    connect(&session_, &ConsoleSession::statusUpdated, this, &DashboardView::onStatusUpdated);
    connect(&session_, &ConsoleSession::clusterUpdated, this, &DashboardView::onClusterUpdated);
    connect(&session_, &ConsoleSession::reachabilityChanged, this,
            &DashboardView::onReachabilityChanged);
    connect(&session_, &ConsoleSession::beat, this, &DashboardView::updateCountdown);
    // What the session already holds shows at once.
    onReachabilityChanged();
    onClusterUpdated();
    replotCharts();
}

void DashboardView::buildCharts(QVBoxLayout& page) {
    using Summary = TimeSeriesChart::Summary;
    // The shop's own traffic: the console's polling of the admin port is not a customer.
    charts_[int(Chart::Requests)] =
        new TimeSeriesChart(tr("Storefront requests / s"), {}, 0, Summary::Total, this);
    charts_[int(Chart::Requests)]->addLine(
        tr("Requests"), QColor(0x1c, 0x7e, 0xd6),
        [](const StatsSample& s) { return double(s.storefrontRequests); });
    auto* checkouts =
        new TimeSeriesChart(tr("Checkouts / s by outcome"), {}, 0, Summary::Total, this);
    charts_[int(Chart::Checkouts)] = checkouts;
    for (const auto& outcome : outcomes)
        checkouts->addLine(tr(outcome.label), outcome.color,
                           [key = QString::fromLatin1(outcome.key)](const StatsSample& s) {
                               return double(s.checkouts.value(key));
                           });
    // A few confirmed beside a flood of sold-outs would lie flat on a shared axis.
    checkouts->setOwnAxis(tr(outcomes[0].label));
    checkouts->offerLogScale();
    checkouts->setScale(DashboardSettings().checkoutsLogScale() ? TimeSeriesChart::Scale::Log
                                                                : TimeSeriesChart::Scale::Linear);
    connect(checkouts, &TimeSeriesChart::scaleChosen, this, [](TimeSeriesChart::Scale scale) {
        DashboardSettings().setCheckoutsLogScale(scale == TimeSeriesChart::Scale::Log);
    });
    charts_[int(Chart::Latency)] =
        new TimeSeriesChart(tr("Latency (ms)"), tr(" ms"), 1, Summary::Peak, this);
    charts_[int(Chart::Latency)]->addLine(QStringLiteral("p50"), QColor(0x37, 0xb2, 0x4d),
                                          [](const StatsSample& s) { return s.p50Ms; });
    charts_[int(Chart::Latency)]->addLine(QStringLiteral("p95"), QColor(0xf5, 0x9f, 0x00),
                                          [](const StatsSample& s) { return s.p95Ms; });
    charts_[int(Chart::Latency)]->addLine(QStringLiteral("p99"), QColor(0xe0, 0x31, 0x31),
                                          [](const StatsSample& s) { return s.p99Ms; });
    charts_[int(Chart::InFlight)] =
        new TimeSeriesChart(tr("In-flight requests"), {}, 0, Summary::Peak, this);
    charts_[int(Chart::InFlight)]->addLine(tr("In flight"), QColor(0x70, 0x48, 0xe8),
                                           [](const StatsSample& s) { return double(s.inFlight); });

    auto* grid = new QGridLayout;
    grid->setSpacing(6);
    grid->addWidget(charts_[int(Chart::Requests)], 0, 0);
    grid->addWidget(charts_[int(Chart::Checkouts)], 0, 1);
    grid->addWidget(charts_[int(Chart::Latency)], 1, 0);
    grid->addWidget(charts_[int(Chart::InFlight)], 1, 1);
    page.addLayout(grid, 3);
}

void DashboardView::buildHeader(QVBoxLayout& page) {
    auto* header = new QWidget(this);
    header->setObjectName(QStringLiteral("dashboardHeader"));
    header->setStyleSheet(QStringLiteral("#dashboardHeader { background: #f8f9fa; border: 1px "
                                         "solid #dee2e6; border-radius: 4px; }"));
    auto* row = new QHBoxLayout(header);
    row->setContentsMargins(10, 6, 10, 6);
    saleBadge_ = makeLabel(9, true, header);
    saleName_ = makeLabel(14, true, header);
    saleName_->setTextFormat(Qt::RichText);
    countdown_ = makeLabel(14, false, header);
    connection_ = makeLabel(9, false, header);
    connection_->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    // Wraps rather than widening the window: the counts grow with the sale.
    connection_->setWordWrap(true);
    row->addWidget(saleBadge_);
    row->addSpacing(6);
    row->addWidget(saleName_);
    row->addSpacing(12);
    row->addWidget(countdown_);
    row->addStretch(1);
    row->addWidget(connection_);
    page.addWidget(header);
    connection_->setObjectName(QStringLiteral("dashboardConnection"));
    updateCountdown();
}

void DashboardView::buildTimeControls(QVBoxLayout& page) {
    auto* row = new QHBoxLayout;
    scroll_ = new QScrollBar(Qt::Horizontal, this);
    scroll_->setToolTip(tr("Scroll back through the last 15 minutes"));
    scroll_->setSingleStep(10);
    windowLabel_ = makeLabel(9, false, this);
    windowLabel_->setMinimumWidth(190);
    span_ = new QComboBox(this);
    for (auto span : spans)
        span_->addItem(tr("%n min", nullptr, int(span.count() / 60)));
    span_->setCurrentIndex(1);
    window_.setSpan(spans[1]);
    now_ = new QPushButton(tr("Now"), this);
    now_->setToolTip(tr("Follow the latest second again"));
    now_->setEnabled(false);
    auto* spanLabel = new QLabel(tr("Show"), this);
    row->addWidget(scroll_, 1);
    row->addWidget(windowLabel_);
    row->addWidget(spanLabel);
    row->addWidget(span_);
    row->addWidget(now_);
    page.addLayout(row);

    connect(scroll_, &QScrollBar::valueChanged, this, &DashboardView::onScrolled);
    connect(span_, &QComboBox::currentIndexChanged, this, &DashboardView::onSpanChosen);
    connect(now_, &QPushButton::clicked, this, &DashboardView::onNowClicked);
}

void DashboardView::buildStockPanel(QVBoxLayout& page) {
    auto* row = new QHBoxLayout;
    stockChart_ = new StockChart(this);
    row->addWidget(stockChart_, 3);

    auto* panel = new QVBoxLayout;
    auto* title = makeLabel(10, true, this);
    title->setText(tr("Stock invariant"));
    invariantSummary_ = makeLabel(9, false, this);
    invariantSummary_->setWordWrap(true);
    invariants_ = new InvariantModel(timeline_, this);
    auto* sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(invariants_);
    sorted->setSortRole(InvariantModel::SortRole);
    invariantTable_ = new QTableView(this);
    invariantTable_->setModel(sorted);
    invariantTable_->setSortingEnabled(true);
    invariantTable_->sortByColumn(InvariantModel::Sku, Qt::AscendingOrder);
    invariantTable_->setSelectionBehavior(QAbstractItemView::SelectRows);
    invariantTable_->setAlternatingRowColors(true);
    invariantTable_->verticalHeader()->hide();
    invariantTable_->verticalHeader()->setDefaultSectionSize(20);
    // Numbers share the width evenly; the SKU and the verdict take what they need.
    auto* columns = invariantTable_->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Stretch);
    columns->setSectionResizeMode(InvariantModel::Sku, QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(InvariantModel::Check, QHeaderView::ResizeToContents);
    acknowledge_ = new QPushButton(tr("Acknowledge"), this);
    acknowledge_->setToolTip(tr("Clear the red flags; a break that persists is flagged again"));
    acknowledge_->setEnabled(false);
    auto* titleRow = new QHBoxLayout;
    titleRow->addWidget(title);
    titleRow->addStretch(1);
    titleRow->addWidget(acknowledge_);
    panel->addLayout(titleRow);
    panel->addWidget(invariantSummary_);
    panel->addWidget(invariantTable_, 1);
    row->addLayout(panel, 2);
    page.addLayout(row, 1);

    connect(acknowledge_, &QPushButton::clicked, this, &DashboardView::onAcknowledgeClicked);
    updateStockPanel();
}

const TimeSeriesChart& DashboardView::chart(Chart which) const {
    return *charts_[int(which)];
}

QString DashboardView::headerText() const {
    if (!status_)
        return saleName_->text();
    const auto now = session_.now();
    QStringList lines;
    for (const auto& sale : liveSales(*status_, now))
        lines.append(sale.text());
    return lines.isEmpty() ? saleCountdown(*status_, now).text() : lines.join(QLatin1Char('\n'));
}

bool DashboardView::showsLiveFigures() const {
    return invariantTable_->isEnabled();
}

void DashboardView::onStatsUpdated() {
    showConnection();
    replotCharts();
    updateStockPanel();
    emit statsUpdated();
}

void DashboardView::onStatusUpdated() {
    if (!session_.status())
        return; // the stats poll reports the connection; keep counting down what we knew
    status_ = session_.status();
    updateCountdown();
    emit statusUpdated();
}

void DashboardView::onClusterUpdated() {
    const auto& cluster = session_.cluster();
    if (!cluster) {
        // Not answering: the last nodes stay, greyed. From a server that lists none, nothing.
        nodes_->setLive(false);
        nodes_->setVisible(nodes_->model().nodeCount() > 1);
        return;
    }
    nodes_->showCluster(*cluster);
    nodes_->setVisible(cluster->nodes.size() > 1);
}

void DashboardView::onReachabilityChanged() {
    // Greyed out (the disabled palette) rather than hidden: the last figures stay readable, and
    // the header says how old they are.
    const bool live = session_.live();
    for (auto* chart : charts_)
        chart->setLive(live);
    stockChart_->setEnabled(live);
    invariantTable_->setEnabled(live);
    invariants_->setKnown(live);
    showConnection();
    updateStockPanel();
}

void DashboardView::updateCountdown() {
    if (!status_) {
        saleBadge_->hide();
        saleName_->setText(tr("Sale schedule: waiting for the server…"));
        countdown_->clear();
        return;
    }
    const auto now = session_.now();
    const auto sale = saleCountdown(*status_, now);
    const auto live = liveSales(*status_, now);
    const char* badgeColor = "#868e96";
    switch (sale.phase) {
    case SaleCountdown::Phase::Live: {
        saleBadge_->setText(tr("LIVE"));
        badgeColor = "#2f9e44";
        // Overlapping sales each get a line: what they sold and earned beside their countdown.
        QStringList lines;
        for (const auto& running : live)
            lines.append(QStringLiteral("%1&nbsp;&nbsp;<span style=\"font-weight:normal\">%2"
                                        "</span>")
                             .arg(running.name.toHtmlEscaped(),
                                  tr("ends in %1 · %2 · %3")
                                      .arg(formatEndsIn(running.secondsLeft),
                                           counted(running.unitsSold, tr("unit"), tr("units")),
                                           formatCents(running.revenueCents))));
        saleName_->setText(lines.join(QStringLiteral("<br>")));
        countdown_->clear();
        break;
    }
    case SaleCountdown::Phase::Next:
        saleBadge_->setText(tr("NEXT"));
        badgeColor = "#1c7ed6";
        saleName_->setText(sale.name.toHtmlEscaped());
        countdown_->setText(tr("starts in %1").arg(formatStartsIn(sale.secondsLeft)));
        break;
    case SaleCountdown::Phase::None:
        saleBadge_->setText(tr("NO SALE"));
        saleName_->setText(tr("No sale scheduled"));
        countdown_->clear();
        break;
    }
    saleBadge_->setStyleSheet(
        QStringLiteral("QLabel { background: %1; color: white; border-radius: 3px; "
                       "padding: 2px 8px; }")
            .arg(QLatin1String(badgeColor)));
    saleBadge_->show();
}

void DashboardView::replotCharts() {
    const auto range = window_.range(timeline_);
    if (range) {
        for (auto* chart : charts_)
            chart->plot(timeline_, range->from, range->to);
        windowLabel_->setText(tr("%1 – %2  %3")
                                  .arg(clockTime(range->from), clockTime(range->to),
                                       window_.following() ? tr("(live)") : tr("(paused)")));
    }
    // Programmatic moves of the bar are not the owner scrolling.
    const QSignalBlocker blocker(scroll_);
    scroll_->setRange(0, window_.maximum(timeline_));
    scroll_->setPageStep(int(window_.span().count()));
    scroll_->setValue(window_.position(timeline_));
    now_->setEnabled(!window_.following());
}

void DashboardView::updateStockPanel() {
    stockChart_->plot(timeline_.products());
    invariants_->refresh();
    const auto broken = timeline_.brokenCount();
    acknowledge_->setEnabled(broken > 0);
    if (timeline_.products().isEmpty()) {
        invariantSummary_->setText(tr("No stock reported yet."));
        invariantSummary_->setStyleSheet({});
    } else if (broken == 0 && !session_.live()) {
        // Counters that may have moved since are no proof of balance.
        invariantSummary_->setText(tr("Unknown: no stock reading since %1.")
                                       .arg(session_.lastGoodReading()
                                                ? clockTime(*session_.lastGoodReading())
                                                : tr("the console started")));
        invariantSummary_->setStyleSheet(QStringLiteral("QLabel { color: #868e96; }"));
    } else if (broken == 0) {
        const auto count = timeline_.products().size();
        invariantSummary_->setText(
            (count == 1 ? tr("The one product balances")
                        : tr("All %1 balance").arg(counted(count, tr("product"), tr("products")))) +
            tr(": sold + reserved + available = stocked."));
        invariantSummary_->setStyleSheet(QStringLiteral("QLabel { color: #2b8a3e; }"));
    } else {
        invariantSummary_->setText(
            tr("%1 the stock invariant. Investigate before acknowledging.")
                .arg(counted(broken, tr("product broke"), tr("products broke"))));
        invariantSummary_->setStyleSheet(
            QStringLiteral("QLabel { color: #c92a2a; font-weight: bold; }"));
    }
}

void DashboardView::showConnection() {
    const auto& last = session_.lastGoodReading();
    const auto lastReading =
        last ? tr("last reading %1").arg(clockTime(*last)) : tr("no reading yet");
    switch (session_.reachability()) {
    case ConsoleSession::Reachability::Connecting:
        connection_->setText(tr("Connecting…"));
        connection_->setStyleSheet(QStringLiteral("QLabel { color: #495057; }"));
        return;
    case ConsoleSession::Reachability::TokenRefused:
        connection_->setText(tr("The admin token was refused · %1").arg(lastReading));
        connection_->setStyleSheet(QStringLiteral("QLabel { color: #c92a2a; }"));
        return;
    case ConsoleSession::Reachability::Unreachable:
        connection_->setText(
            tr("Not answering (%1) · %2")
                .arg(session_.statsError() ? session_.statsError()->message : QString(),
                     lastReading));
        connection_->setStyleSheet(QStringLiteral("QLabel { color: #c92a2a; }"));
        return;
    case ConsoleSession::Reachability::Reachable:
        break;
    }
    const auto& latest = timeline_.latest();
    connection_->setStyleSheet(QStringLiteral("QLabel { color: #495057; }"));
    connection_->setText(tr("Updated %1  ·  %2 storefront requests  ·  %3 orders since start")
                             .arg(last ? clockTime(*last) : QString())
                             .arg(latest.storefrontRequestsTotal)
                             .arg(latest.ordersCommitted));
}

void DashboardView::onScrolled(int position) {
    window_.scrollTo(position, timeline_);
    replotCharts();
}

void DashboardView::onSpanChosen(int index) {
    if (index < 0 || index >= int(std::size(spans)))
        return;
    window_.setSpan(spans[index]);
    replotCharts();
}

void DashboardView::onNowClicked() {
    window_.follow();
    replotCharts();
}

void DashboardView::onAcknowledgeClicked() {
    session_.acknowledgeStockBreaks();
    updateStockPanel();
}

} // namespace topcoat::ui

#include "DegradationView.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableWidget>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

struct FeatureText {
    const char* name;
    const char* title;
    const char* cost;
};

// Why each feature is worth switching off: what it costs the server per request.
constexpr FeatureText features[] = {
    {"reviews", "Reviews", "product pages list customer reviews"},
    {"recommendations", "Recommendations", "product pages rank similar shades"},
    {"search", "Search", "the product list filters by name"},
    {"wishlists", "Wishlists", "customers keep wishlists"},
};

} // namespace

DegradationView::DegradationView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), client_(session.client()),
      automatic_(new QCheckBox(tr("Switch features off automatically when load climbs"), this)),
      reason_(new QLineEdit(this)), message_(new QLabel(this)),
      timeline_(new QTableWidget(0, 5, this)) {
    auto* switchesBox = new QGroupBox(tr("Features (checkout and browsing never degrade)"), this);
    auto* switchesLayout = new QFormLayout(switchesBox);
    for (const auto& feature : features) {
        auto* box = new QCheckBox(tr(feature.title), switchesBox);
        const auto name = QString::fromLatin1(feature.name);
        box->setObjectName(name);
        box->setToolTip(tr("On: %1.").arg(tr(feature.cost)));
        switches_.insert(name, box);
        switchesLayout->addRow(box, new QLabel(tr(feature.cost), switchesBox));
        connect(box, &QCheckBox::clicked, this,
                [this, name](bool on) { onSwitchToggled(name, on); });
    }
    switchesLayout->addRow(automatic_);
    reason_->setPlaceholderText(tr("Optional note for the timeline, e.g. \"launch spike\""));
    reason_->setMaxLength(120);
    switchesLayout->addRow(tr("Reason:"), reason_);
    message_->setStyleSheet(QStringLiteral("color: #c62828;"));
    switchesLayout->addRow(message_);
    connect(automatic_, &QCheckBox::clicked, this, &DegradationView::onAutomaticToggled);

    timeline_->setHorizontalHeaderLabels(
        {tr("When"), tr("Feature"), tr("Now"), tr("By"), tr("Reason")});
    timeline_->horizontalHeader()->setStretchLastSection(true);
    timeline_->verticalHeader()->hide();
    timeline_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    timeline_->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(switchesBox);
    layout->addWidget(new QLabel(tr("Timeline (newest first)"), this));
    layout->addWidget(timeline_, 1);

    connect(&session, &ConsoleSession::degradationDue, this, &DegradationView::refresh);
    refresh();
}

void DegradationView::refresh() {
    if (pending_)
        return;
    pending_ = true;
    client_.degradation(this, [this](const ApiResult<DegradationState>& result) {
        pending_ = false;
        if (result.ok())
            display(*result.value);
    });
}

void DegradationView::onSwitchToggled(const QString& feature, bool on) {
    apply({{feature, on}}, std::nullopt);
}

void DegradationView::onAutomaticToggled(bool on) {
    apply({}, on);
}

void DegradationView::apply(const QMap<QString, bool>& changes, std::optional<bool> automatic) {
    message_->clear();
    client_.setDegradation(changes, automatic, reason_->text().trimmed(), this,
                           [this](const ApiResult<DegradationState>& result) {
                               if (result.ok()) {
                                   reason_->clear();
                                   display(*result.value);
                               } else {
                                   message_->setText(
                                       tr("Not changed: %1").arg(result.error->message));
                                   display(state_); // put the boxes back as they were
                               }
                           });
}

void DegradationView::display(const DegradationState& state) {
    state_ = state;
    for (auto it = switches_.begin(); it != switches_.end(); ++it)
        it.value()->setChecked(state.features.value(it.key(), true));
    automatic_->setChecked(state.automatic);

    const QLocale locale;
    timeline_->setRowCount(static_cast<int>(state.history.size()));
    int row = 0;
    for (auto it = state.history.crbegin(); it != state.history.crend(); ++it, ++row) {
        const auto& change = *it;
        const QStringList cells{
            locale.toString(change.at.toLocalTime(), QStringLiteral("yyyy-MM-dd HH:mm:ss")),
            change.subject == QLatin1String("auto") ? tr("automatic mode") : change.subject,
            change.enabled ? tr("on") : tr("off"),
            change.source == QLatin1String("auto") ? tr("load controller") : tr("owner"),
            change.reason};
        for (int column = 0; column < cells.size(); ++column) {
            auto* item = new QTableWidgetItem(cells[column]);
            if (column == 2)
                item->setForeground(change.enabled ? QColor(0x2e, 0x7d, 0x32)
                                                   : QColor(0xc6, 0x28, 0x28));
            timeline_->setItem(row, column, item);
        }
    }
    timeline_->resizeColumnsToContents();
    emit stateRefreshed();
}

} // namespace topcoat::ui

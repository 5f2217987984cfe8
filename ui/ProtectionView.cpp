#include "ProtectionView.h"

#include "ProtectionChart.h"
#include "ProtectionForm.h"
#include "ProtectionRules.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <algorithm>

namespace topcoat::ui {
namespace {

using namespace std::chrono_literals;

constexpr int statsPeriodMs = 1000;
constexpr auto chartSpan = 5min;
// Readings further apart than this (the screen was away) are not joined into one rate.
constexpr qint64 gapMs = 5000;

constexpr auto problemColor = "#c62828";
constexpr auto fineColor = "#2b8a3e";
constexpr auto quietColor = "#495057";

QString perSecond(std::optional<double> rate) {
    if (!rate)
        return QStringLiteral("–");
    // Whole numbers once there is real traffic; one decimal shows a trickle.
    return QLocale().toString(*rate, 'f', *rate > 0 && *rate < 10 ? 1 : 0);
}

QLabel* styledLabel(QWidget* parent, int pointSize, bool bold, const char* color) {
    auto* label = new QLabel(parent);
    auto font = label->font();
    font.setPointSize(pointSize);
    font.setBold(bold);
    label->setFont(font);
    label->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(QLatin1String(color)));
    return label;
}

} // namespace

ProtectionView::ProtectionView(AdminClient& client, QWidget* parent)
    : QWidget(parent), client_(client), history_(chartSpan) {
    queueChart_ = new ProtectionChart(tr("Waiting in line"), 0, this);
    queueChart_->addLine(
        tr("Shoppers waiting"), QColor(0x1c, 0x7e, 0xd6),
        [](const ProtectionHistory::Point& p) { return double(p.counts.waitingRoom.waiting); });
    refusedChart_ = new ProtectionChart(tr("Requests refused per second"), 0, this);
    refusedChart_->addLine(
        tr("Too fast"), QColor(0xf0, 0x8c, 0x00),
        [](const ProtectionHistory::Point& p) { return p.rateLimitedPerSecond; });
    refusedChart_->addLine(tr("Server busy"), QColor(0xd6, 0x33, 0x6c),
                           [](const ProtectionHistory::Point& p) { return p.shedPerSecond; });
    auto* charts = new QHBoxLayout;
    charts->addWidget(queueChart_);
    charts->addWidget(refusedChart_);

    form_ = new ProtectionForm(this);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(form_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);

    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("message"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    revert_ = new QPushButton(tr("Revert"), this);
    revert_->setObjectName(QStringLiteral("revert"));
    revert_->setToolTip(tr("Put back the settings the storefront is using"));
    apply_ = new QPushButton(tr("Apply"), this);
    apply_->setObjectName(QStringLiteral("apply"));
    apply_->setToolTip(tr("Send the changed settings to the storefront; they take effect at once"));
    apply_->setDefault(true);
    revert_->setEnabled(false);
    apply_->setEnabled(false);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(message_, 1);
    buttons->addWidget(revert_);
    buttons->addWidget(apply_);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    layout->addWidget(buildReadouts());
    layout->addLayout(charts, 2);
    layout->addWidget(scroll, 5);
    layout->addLayout(buttons);

    connect(form_, &ProtectionForm::edited, this, &ProtectionView::onEdited);
    connect(apply_, &QPushButton::clicked, this, &ProtectionView::onApplyClicked);
    connect(revert_, &QPushButton::clicked, this, &ProtectionView::onRevertClicked);
    connect(&statsTimer_, &QTimer::timeout, this, &ProtectionView::onStatsTick);
    statsTimer_.setInterval(statsPeriodMs);
    form_->setEnabled(false); // until the settings in force are known
    showMessage(tr("Reading the settings…"), false);
}

QWidget* ProtectionView::buildReadouts() {
    auto* strip = new QFrame(this);
    strip->setObjectName(QStringLiteral("protectionReadouts"));
    strip->setStyleSheet(QStringLiteral("#protectionReadouts { background: #f8f9fa; border: 1px "
                                        "solid #dee2e6; border-radius: 4px; }"));
    auto* row = new QHBoxLayout(strip);
    row->setContentsMargins(12, 6, 12, 6);
    row->setSpacing(24);
    const auto add = [&](const char* name, const QString& title, QLabel*& value, QLabel** note) {
        auto* tile = new QVBoxLayout;
        tile->setSpacing(0);
        auto* caption = styledLabel(strip, 9, false, quietColor);
        caption->setText(title);
        value = styledLabel(strip, 16, true, "#212529");
        value->setObjectName(QLatin1StringView(name));
        value->setText(QStringLiteral("–"));
        tile->addWidget(caption);
        tile->addWidget(value);
        if (note) {
            *note = styledLabel(strip, 8, false, quietColor);
            (*note)->setObjectName(QLatin1StringView(name) + QStringLiteral("Note"));
            tile->addWidget(*note);
        }
        tile->addStretch(1);
        row->addLayout(tile);
    };
    add("waitingNow", tr("Waiting in line now"), waiting_, &waitingNote_);
    add("admittedLastMinute", tr("Let in, last minute"), admitted_, &admittedNote_);
    add("rateLimitedPerSecond", tr("Refused: too fast"), rateLimited_, nullptr);
    add("shedPerSecond", tr("Refused: server busy"), shed_, nullptr);
    add("inFlightNow", tr("Being served now"), inFlight_, &inFlightNote_);
    row->addStretch(1);
    updated_ = styledLabel(strip, 8, false, quietColor);
    updated_->setAlignment(Qt::AlignRight | Qt::AlignTop);
    row->addWidget(updated_);
    return strip;
}

void ProtectionView::setFollowing(bool following) {
    if (following == following_)
        return;
    following_ = following;
    if (!following) {
        statsTimer_.stop();
        return;
    }
    statsTimer_.start();
    QTimer::singleShot(0, this, &ProtectionView::onStatsTick);
    if (!editing())
        loadSettings();
}

bool ProtectionView::editing() const {
    if (!loaded_)
        return false;
    const auto reading = form_->read();
    return !reading.problems.isEmpty() || !protectionChange(*loaded_, reading.settings).isEmpty();
}

void ProtectionView::loadSettings() {
    if (settingsPending_)
        return;
    settingsPending_ = true;
    client_.protection(this, [this](const ApiResult<ProtectionSettings>& result) {
        settingsPending_ = false;
        if (!result.ok()) {
            if (!loaded_)
                showMessage(tr("Could not read the settings: %1").arg(result.error->message), true);
            return;
        }
        if (editing())
            return; // the owner started typing meanwhile: keep what the change is measured from
        loaded_ = *result.value;
        form_->setSettings(*loaded_);
        form_->setEnabled(true);
        onEdited();
        emit settingsLoaded();
    });
}

void ProtectionView::onStatsTick() {
    if (!loaded_ && !settingsPending_)
        loadSettings(); // the first read failed: try again with the counts
    if (statsPending_)
        return; // a slow server gets no second request on top of the first
    statsPending_ = true;
    // Only the counters are used: ask for no more of the per-second series than is new.
    if (sinceMs_ == 0)
        sinceMs_ = QDateTime::currentMSecsSinceEpoch() - statsPeriodMs;
    client_.stats(sinceMs_, this,
                  [this](const ApiResult<Stats>& result) { onStatsReceived(result); });
}

void ProtectionView::onStatsReceived(const ApiResult<Stats>& result) {
    statsPending_ = false;
    if (!result.ok()) {
        updated_->setText(tr("Not answering: %1").arg(result.error->message));
        updated_->setStyleSheet(
            QStringLiteral("QLabel { color: %1; }").arg(QLatin1String(problemColor)));
        return;
    }
    const auto& stats = *result.value;
    for (const auto& sample : stats.series)
        sinceMs_ = std::max(sinceMs_, sample.at.toMSecsSinceEpoch());
    const auto now = QDateTime::currentDateTimeUtc();
    if (const auto newest = history_.newest(); newest && newest->msecsTo(now) > gapMs)
        history_.clear();
    history_.add(now, stats.protection);
    showReadouts();
    const auto from = now.addSecs(-std::chrono::seconds(chartSpan).count());
    queueChart_->plot(history_, from, now);
    refusedChart_->plot(history_, from, now);
    updated_->setText(tr("Updated %1").arg(now.toLocalTime().toString(QStringLiteral("HH:mm:ss"))));
    updated_->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(QLatin1String(quietColor)));
    emit countsUpdated();
}

void ProtectionView::showReadouts() {
    const QLocale locale;
    const auto counts = history_.latest();
    const auto& room = counts.waitingRoom;
    waiting_->setText(locale.toString(room.waiting));
    waitingNote_->setText(room.enabled ? tr("waiting room on") : tr("waiting room off"));
    if (const auto admitted = history_.admittedLastMinute())
        admitted_->setText(locale.toString(*admitted));
    admittedNote_->setText(
        room.enabled ? tr("target %1 per minute").arg(locale.toString(room.admitPerMinute))
                     : QString());
    rateLimited_->setText(tr("%1 / s").arg(perSecond(history_.rateLimitedPerSecond())));
    shed_->setText(tr("%1 / s").arg(perSecond(history_.shedPerSecond())));
    inFlight_->setText(locale.toString(counts.inFlight));
    inFlightNote_->setText(counts.maxInFlight > 0
                               ? tr("limit %1 at once").arg(locale.toString(counts.maxInFlight))
                               : tr("no limit"));
}

void ProtectionView::onEdited() {
    if (!loaded_)
        return;
    const auto reading = form_->read();
    form_->showProblems(reading.problems);
    const bool changed = !protectionChange(*loaded_, reading.settings).isEmpty();
    apply_->setEnabled(changed && reading.problems.isEmpty() && !applyPending_);
    revert_->setEnabled((changed || !reading.problems.isEmpty()) && !applyPending_);
    if (reading.problems.size() == 1)
        showMessage(tr("Fix the field marked in red before applying."), true);
    else if (!reading.problems.isEmpty())
        showMessage(
            tr("Fix the %1 fields marked in red before applying.").arg(reading.problems.size()),
            true);
    else if (const auto warnings = protectionWarnings(reading.settings); !warnings.isEmpty())
        showMessage((changed ? tr("Changed, not applied yet. ") : QString()) +
                        warnings.join(QLatin1Char(' ')),
                    true);
    else if (changed)
        showMessage(tr("Changed, not applied yet."), false);
    else
        showMessage(tr("These are the settings the storefront is using."), false);
}

void ProtectionView::onApplyClicked() {
    if (!loaded_ || applyPending_)
        return;
    const auto reading = form_->read();
    form_->showProblems(reading.problems);
    const auto change = protectionChange(*loaded_, reading.settings);
    if (!reading.problems.isEmpty() || change.isEmpty())
        return; // the button is off then; a shortcut may still get here
    applyPending_ = true;
    apply_->setEnabled(false);
    revert_->setEnabled(false);
    showMessage(tr("Applying…"), false);
    client_.setProtection(change, this, [this](const ApiResult<ProtectionSettings>& result) {
        applyPending_ = false;
        if (!result.ok()) {
            onEdited(); // the buttons as they were; the form keeps what was typed
            showMessage(tr("The storefront refused the change: %1").arg(result.error->message),
                        true);
            emit settingsRefused(result.error->message);
            return;
        }
        loaded_ = *result.value;
        form_->setSettings(*loaded_);
        onEdited();
        showMessage(tr("Applied at %1. The storefront uses these settings now.")
                        .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))),
                    false);
        message_->setStyleSheet(
            QStringLiteral("QLabel { color: %1; }").arg(QLatin1String(fineColor)));
        emit settingsApplied();
    });
}

void ProtectionView::onRevertClicked() {
    if (!loaded_)
        return;
    form_->setSettings(*loaded_);
    onEdited();
    loadSettings(); // and catch up with changes made elsewhere
}

void ProtectionView::showMessage(const QString& text, bool problem) {
    message_->setText(text);
    message_->setStyleSheet(QStringLiteral("QLabel { color: %1; }")
                                .arg(QLatin1String(problem ? problemColor : quietColor)));
}

} // namespace topcoat::ui

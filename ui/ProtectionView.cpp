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

constexpr auto chartSpan = ConsoleSession::protectionKept;

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

ProtectionView::ProtectionView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), session_(session), client_(session.client()) {
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
    readouts_ = buildReadouts();
    layout->addWidget(readouts_);
    layout->addLayout(charts, 2);
    layout->addWidget(scroll, 5);
    layout->addLayout(buttons);

    connect(form_, &ProtectionForm::edited, this, &ProtectionView::onEdited);
    connect(apply_, &QPushButton::clicked, this, &ProtectionView::onApplyClicked);
    connect(revert_, &QPushButton::clicked, this, &ProtectionView::onRevertClicked);
    connect(&session_, &ConsoleSession::beat, this, &ProtectionView::onBeat);
    connect(&session_, &ConsoleSession::statsUpdated, this, &ProtectionView::onStatsUpdated);
    connect(&session_, &ConsoleSession::reachabilityChanged, this,
            &ProtectionView::onReachabilityChanged);
    form_->setEnabled(false); // until the settings in force are known
    showMessage(tr("Reading the settings…"), false);
    onReachabilityChanged();
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
    updated_->setObjectName(QStringLiteral("protectionUpdated"));
    updated_->setAlignment(Qt::AlignRight | Qt::AlignTop);
    row->addWidget(updated_);
    return strip;
}

void ProtectionView::setFollowing(bool following) {
    if (following == following_)
        return;
    following_ = following;
    if (!following)
        return;
    if (!session_.protection().points().isEmpty())
        showCounts();
    if (!editing())
        loadSettings();
}

bool ProtectionView::showsLiveFigures() const {
    return readouts_->isEnabled();
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

void ProtectionView::onBeat() {
    if (following_ && !loaded_ && !settingsPending_)
        loadSettings(); // the first read failed: try again with the counts
}

void ProtectionView::onStatsUpdated() {
    // Behind another screen nothing is drawn; the session keeps the history meanwhile.
    if (following_)
        showCounts();
}

void ProtectionView::showCounts() {
    showReadouts();
    const auto& history = session_.protection();
    const auto now = history.newest().value_or(session_.now());
    const auto from = now.addSecs(-std::chrono::seconds(chartSpan).count());
    queueChart_->plot(history, from, now);
    refusedChart_->plot(history, from, now);
    showReadingAge();
    emit countsUpdated();
}

void ProtectionView::onReachabilityChanged() {
    // Greyed out (the disabled palette), not emptied: the last counts stay readable.
    const bool live = session_.live();
    readouts_->setEnabled(live);
    queueChart_->setEnabled(live);
    refusedChart_->setEnabled(live);
    showReadingAge();
}

void ProtectionView::showReadingAge() {
    const auto& last = session_.lastGoodReading();
    const auto at = last ? last->toLocalTime().toString(QStringLiteral("HH:mm:ss")) : QString();
    const auto color = session_.live() ? quietColor : problemColor;
    updated_->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(QLatin1String(color)));
    switch (session_.reachability()) {
    case ConsoleSession::Reachability::Connecting:
        updated_->setText(tr("Connecting…"));
        return;
    case ConsoleSession::Reachability::Reachable:
        updated_->setText(tr("Updated %1").arg(at));
        return;
    case ConsoleSession::Reachability::TokenRefused:
        updated_->setText(last ? tr("Token refused · last reading %1").arg(at)
                               : tr("Token refused · no reading yet"));
        return;
    case ConsoleSession::Reachability::Unreachable:
        updated_->setText(last ? tr("Not answering · last reading %1").arg(at)
                               : tr("Not answering · no reading yet"));
        return;
    }
}

void ProtectionView::showReadouts() {
    const QLocale locale;
    const auto& history = session_.protection();
    const auto counts = history.latest();
    const auto& room = counts.waitingRoom;
    waiting_->setText(locale.toString(room.waiting));
    waitingNote_->setText(room.enabled ? tr("waiting room on") : tr("waiting room off"));
    if (const auto admitted = history.admittedLastMinute())
        admitted_->setText(locale.toString(*admitted));
    admittedNote_->setText(
        room.enabled ? tr("target %1 per minute").arg(locale.toString(room.admitPerMinute))
                     : QString());
    rateLimited_->setText(tr("%1 / s").arg(perSecond(history.rateLimitedPerSecond())));
    shed_->setText(tr("%1 / s").arg(perSecond(history.shedPerSecond())));
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

#include "ProtectionForm.h"

#include <QCheckBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

struct FeatureTitle {
    const char* name;
    const char* title;
};

// In the server's default order.
constexpr FeatureTitle featureTitles[] = {
    {"recommendations", QT_TRANSLATE_NOOP("ProtectionForm", "Recommendations")},
    {"reviews", QT_TRANSLATE_NOOP("ProtectionForm", "Reviews")},
    {"search", QT_TRANSLATE_NOOP("ProtectionForm", "Search")},
    {"wishlists", QT_TRANSLATE_NOOP("ProtectionForm", "Wishlists")},
};

constexpr auto problemStyle = "QLabel { color: #c62828; }";
constexpr auto helpStyle = "QLabel { color: #495057; }";

std::optional<qint64> wholeNumber(const QString& typed) {
    const auto text = typed.trimmed();
    bool ok = false;
    // "1,000" as the owner's locale writes it, or plain digits.
    auto value = QLocale().toLongLong(text, &ok);
    if (!ok)
        value = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

} // namespace

ProtectionForm::ProtectionForm(QWidget* parent) : QWidget(parent) {
    QFormLayout* rows = nullptr;
    auto* rate = group(tr("Requests per shopper"),
                       tr("Each shopper may send a quick burst of requests, then a steady number "
                          "per second. People browsing never get near it; a bot hammering the "
                          "shop is told to slow down."),
                       rows);
    addNumber(*rows, ProtectionField::PerSecond, "perSecond", tr("Steady rate:"),
              tr("requests per second (0 = no limit)"));
    addNumber(*rows, ProtectionField::Burst, "burst", tr("Burst:"), tr("requests at once"));

    auto* load = group(tr("Server load limit"),
                       tr("Beyond this many requests at once, new ones are turned away with "
                          "\"try again in a moment\" instead of slowing everyone down."),
                       rows);
    addNumber(*rows, ProtectionField::MaxInFlight, "maxInFlight", tr("At most:"),
              tr("requests at once (0 = no limit)"));

    auto* room = group(tr("Waiting room"),
                       tr("For a big drop: shoppers queue for checkout and are let in at a steady "
                          "pace, each with a pass to check out with."),
                       rows);
    roomEnabled_ = new QCheckBox(tr("Waiting room on"), room);
    roomEnabled_->setObjectName(QStringLiteral("waitingRoomEnabled"));
    rows->addRow(roomEnabled_);
    addNumber(*rows, ProtectionField::AdmitPerMinute, "admitPerMinute", tr("Let in:"),
              tr("shoppers per minute"));
    addNumber(*rows, ProtectionField::PassSeconds, "passSeconds", tr("Pass valid for:"),
              tr("seconds"));
    randomize_ = new QCheckBox(tr("Shuffle everyone who arrives before the sale opens"), room);
    randomize_->setObjectName(QStringLiteral("randomizeBeforeOpen"));
    randomize_->setToolTip(tr("Being first to the page then gives no head start, so bots that "
                              "refresh fastest gain nothing."));
    rows->addRow(randomize_);

    auto* proxies = group(tr("Trusted proxies"),
                          tr("Only if the shop sits behind a proxy or load balancer: its "
                             "addresses, one per line (e.g. 10.0.0.0/8). Leave empty otherwise."),
                          rows);
    proxies_ = new QPlainTextEdit(proxies);
    proxies_->setObjectName(QStringLiteral("trustedProxies"));
    proxies_->setPlaceholderText(tr("none"));
    proxies_->setTabChangesFocus(true);
    proxies_->setFixedHeight(proxies_->fontMetrics().lineSpacing() * 3 + 12);
    proxiesProblem_ = problemLabel("trustedProxiesProblem");
    rows->addRow(proxies_);
    rows->addRow(proxiesProblem_);

    auto* automatic = group(tr("Automatic feature switch-off"),
                            tr("While automatic mode is on (Degradation screen), optional "
                               "features go off one by one when the shop is slow or busy, and "
                               "come back once it calms down."),
                            rows);
    addNumber(*rows, ProtectionField::P99MsHigh, "p99MsHigh", tr("Slow: switch off above:"),
              tr("ms for the slowest 1% of requests"));
    addNumber(*rows, ProtectionField::P99MsLow, "p99MsLow", tr("Back on below:"), tr("ms"));
    addNumber(*rows, ProtectionField::InFlightHigh, "inFlightHigh", tr("Busy: switch off above:"),
              tr("requests at once (0 = ignore)"));
    addNumber(*rows, ProtectionField::InFlightLow, "inFlightLow", tr("Back on below:"),
              tr("requests at once"));
    addNumber(*rows, ProtectionField::SecondsBeforeOff, "secondsBeforeOff", tr("Switch off after:"),
              tr("seconds over a limit"));
    addNumber(*rows, ProtectionField::SecondsBeforeOn, "secondsBeforeOn", tr("Back on after:"),
              tr("seconds under both limits"));
    rows->addRow(tr("Order:"), buildOrderList());

    auto* left = new QVBoxLayout;
    left->addWidget(rate);
    left->addWidget(load);
    left->addWidget(room);
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    right->addWidget(automatic);
    right->addWidget(proxies);
    right->addStretch(1);
    auto* columns = new QHBoxLayout(this);
    columns->setContentsMargins(0, 0, 0, 0);
    columns->addLayout(left, 1);
    columns->addLayout(right, 1);

    connect(roomEnabled_, &QCheckBox::toggled, this, &ProtectionForm::edited);
    connect(randomize_, &QCheckBox::toggled, this, &ProtectionForm::edited);
    connect(proxies_, &QPlainTextEdit::textChanged, this, &ProtectionForm::edited);
}

QGroupBox* ProtectionForm::group(const QString& title, const QString& help, QFormLayout*& rows) {
    auto* box = new QGroupBox(title, this);
    rows = new QFormLayout(box);
    rows->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    rows->setVerticalSpacing(4);
    auto* text = new QLabel(help, box);
    text->setWordWrap(true);
    text->setStyleSheet(QLatin1String(helpStyle));
    rows->addRow(text);
    return box;
}

QLabel* ProtectionForm::problemLabel(const char* name) {
    auto* label = new QLabel(this);
    label->setObjectName(QLatin1StringView(name));
    label->setStyleSheet(QLatin1String(problemStyle));
    label->hide();
    return label;
}

void ProtectionForm::addNumber(QFormLayout& rows, ProtectionField field, const char* name,
                               const QString& label, const QString& unit) {
    const auto range = protectionRange(field);
    auto* edit = new QLineEdit(this);
    edit->setObjectName(QLatin1StringView(name));
    edit->setAlignment(Qt::AlignRight);
    edit->setFixedWidth(edit->fontMetrics().horizontalAdvance(QStringLiteral("0000000000")));
    const QLocale locale;
    edit->setToolTip(
        tr("%1 to %2").arg(locale.toString(range.minimum), locale.toString(range.maximum)));
    auto* problem = problemLabel((QByteArray(name) + "Problem").constData());
    auto* row = new QHBoxLayout;
    row->setSpacing(6);
    row->addWidget(edit);
    auto* unitLabel = new QLabel(unit, this);
    row->addWidget(unitLabel);
    row->addWidget(problem);
    row->addStretch(1);
    rows.addRow(label, row);
    numbers_.insert(field, {edit, problem});
    connect(edit, &QLineEdit::textEdited, this, &ProtectionForm::edited);
}

QWidget* ProtectionForm::buildOrderList() {
    auto* box = new QWidget(this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* help = new QLabel(tr("First at the top. Untick a feature to keep it on always."), box);
    help->setStyleSheet(QLatin1String(helpStyle));
    help->setWordWrap(true);
    order_ = new QListWidget(box);
    order_->setObjectName(QStringLiteral("featureOrder"));
    order_->setDragDropMode(QAbstractItemView::InternalMove);
    order_->setFixedHeight(order_->sizeHintForRow(0) * 4 + 4 * order_->frameWidth() + 72);
    auto* up = new QPushButton(tr("Move up"), box);
    up->setObjectName(QStringLiteral("moveUp"));
    auto* down = new QPushButton(tr("Move down"), box);
    down->setObjectName(QStringLiteral("moveDown"));
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(up);
    buttons->addWidget(down);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout;
    row->addWidget(order_, 1);
    row->addLayout(buttons);
    orderProblem_ = problemLabel("featureOrderProblem");
    layout->addWidget(help);
    layout->addLayout(row);
    layout->addWidget(orderProblem_);

    connect(up, &QPushButton::clicked, this, [this] { moveFeature(-1); });
    connect(down, &QPushButton::clicked, this, [this] { moveFeature(+1); });
    connect(order_, &QListWidget::itemChanged, this, &ProtectionForm::edited);
    // A drag within the list moves rows in its model.
    connect(order_->model(), &QAbstractItemModel::rowsMoved, this, &ProtectionForm::edited);
    return box;
}

void ProtectionForm::moveFeature(int by) {
    const int from = order_->currentRow();
    const int to = from + by;
    if (from < 0 || to < 0 || to >= order_->count())
        return;
    {
        const QSignalBlocker blocker(order_->model()); // one edit, not a remove and an insert
        order_->insertItem(to, order_->takeItem(from));
    }
    order_->setCurrentRow(to);
    order_->viewport()->update();
    emit edited();
}

void ProtectionForm::setSettings(const ProtectionSettings& s) {
    const QMap<ProtectionField, qint64> values{
        {ProtectionField::PerSecond, s.perSecond},
        {ProtectionField::Burst, s.burst},
        {ProtectionField::MaxInFlight, s.maxInFlight},
        {ProtectionField::AdmitPerMinute, s.admitPerMinute},
        {ProtectionField::PassSeconds, s.passSeconds},
        {ProtectionField::P99MsHigh, s.p99MsHigh},
        {ProtectionField::P99MsLow, s.p99MsLow},
        {ProtectionField::InFlightHigh, s.inFlightHigh},
        {ProtectionField::InFlightLow, s.inFlightLow},
        {ProtectionField::SecondsBeforeOff, s.secondsBeforeOff},
        {ProtectionField::SecondsBeforeOn, s.secondsBeforeOn}};
    for (auto it = values.begin(); it != values.end(); ++it)
        numbers_.value(it.key()).edit->setText(QString::number(it.value()));
    {
        const QSignalBlocker room(roomEnabled_);
        const QSignalBlocker randomize(randomize_);
        const QSignalBlocker proxies(proxies_);
        roomEnabled_->setChecked(s.waitingRoomEnabled);
        randomize_->setChecked(s.randomizeBeforeOpen);
        proxies_->setPlainText(s.trustedProxies.join(QLatin1Char('\n')));
    }

    // The features in the order, ticked, then the others, unticked.
    const QSignalBlocker blocker(order_);
    order_->clear();
    QStringList names = s.featureOrder;
    for (const auto& feature : featureTitles)
        if (!names.contains(QLatin1StringView(feature.name)))
            names.append(QString::fromLatin1(feature.name));
    for (const auto& name : names) {
        QString title = name;
        for (const auto& feature : featureTitles)
            if (name == QLatin1StringView(feature.name))
                title = tr(feature.title);
        auto* item = new QListWidgetItem(title, order_);
        item->setData(Qt::UserRole, name);
        item->setFlags(item->flags() | Qt::ItemIsUserCheckable | Qt::ItemIsDragEnabled);
        item->setFlags(item->flags() & ~Qt::ItemIsDropEnabled); // dropped between, not onto
        item->setCheckState(s.featureOrder.contains(name) ? Qt::Checked : Qt::Unchecked);
    }
    showProblems({});
}

ProtectionForm::Reading ProtectionForm::read() const {
    Reading reading;
    auto& s = reading.settings;
    const QMap<ProtectionField, qint64*> targets{
        {ProtectionField::PerSecond, &s.perSecond},
        {ProtectionField::Burst, &s.burst},
        {ProtectionField::MaxInFlight, &s.maxInFlight},
        {ProtectionField::AdmitPerMinute, &s.admitPerMinute},
        {ProtectionField::PassSeconds, &s.passSeconds},
        {ProtectionField::P99MsHigh, &s.p99MsHigh},
        {ProtectionField::P99MsLow, &s.p99MsLow},
        {ProtectionField::InFlightHigh, &s.inFlightHigh},
        {ProtectionField::InFlightLow, &s.inFlightLow},
        {ProtectionField::SecondsBeforeOff, &s.secondsBeforeOff},
        {ProtectionField::SecondsBeforeOn, &s.secondsBeforeOn}};
    QList<ProtectionField> notNumbers;
    for (auto it = targets.begin(); it != targets.end(); ++it) {
        const auto value = wholeNumber(numbers_.value(it.key()).edit->text());
        // Below every range, so a pair is not compared while one of it is no number.
        *it.value() = value.value_or(-1);
        if (!value)
            notNumbers.append(it.key());
    }
    s.waitingRoomEnabled = roomEnabled_->isChecked();
    s.randomizeBeforeOpen = randomize_->isChecked();
    s.trustedProxies.clear();
    for (const auto& line : proxies_->toPlainText().split(QLatin1Char('\n')))
        if (!line.trimmed().isEmpty())
            s.trustedProxies.append(line.trimmed());
    s.featureOrder.clear();
    for (int row = 0; row < order_->count(); ++row)
        if (order_->item(row)->checkState() == Qt::Checked)
            s.featureOrder.append(order_->item(row)->data(Qt::UserRole).toString());

    reading.problems = protectionProblems(s);
    for (const auto field : notNumbers)
        reading.problems.insert(field, tr("Enter a whole number"));
    return reading;
}

void ProtectionForm::showProblems(const QMap<ProtectionField, QString>& problems) {
    for (auto it = numbers_.begin(); it != numbers_.end(); ++it) {
        const auto message = problems.value(it.key());
        it->problem->setText(message);
        it->problem->setVisible(!message.isEmpty());
        it->edit->setStyleSheet(message.isEmpty() ? QString()
                                                  : QStringLiteral("border: 1px solid #c62828;"));
    }
    const auto show = [&](QLabel* label, ProtectionField field) {
        label->setText(problems.value(field));
        label->setVisible(problems.contains(field));
    };
    show(proxiesProblem_, ProtectionField::TrustedProxies);
    show(orderProblem_, ProtectionField::FeatureOrder);
}

} // namespace topcoat::ui

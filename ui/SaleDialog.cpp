#include "SaleDialog.h"

#include "AdminClient.h"
#include "SaleItemsEditor.h"

#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTimeZone>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

QDateTimeEdit* makeTimeEdit(const char* objectName, QWidget* parent) {
    auto* edit = new QDateTimeEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setTimeSpec(Qt::LocalTime); // people think in their own time; draft() sends UTC
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    edit->setCalendarPopup(true);
    return edit;
}

QDateTime wholeMinute(const QDateTime& at) {
    return QDateTime(at.date(), QTime(at.time().hour(), at.time().minute()), at.timeSpec());
}

} // namespace

QWidget* SaleDialog::startPresets() {
    // The times owners reach for; the sale keeps its length, so Ends moves along.
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    const auto add = [&](const QString& text, const char* name, auto startsAt) {
        auto* button = new QPushButton(text, row);
        button->setObjectName(QLatin1String(name));
        button->setAutoDefault(false);
        connect(button, &QPushButton::clicked, this, [this, startsAt] {
            const auto length = starts_->dateTime().secsTo(ends_->dateTime());
            const auto starts = wholeMinute(startsAt(QDateTime::currentDateTime()));
            starts_->setDateTime(starts);
            ends_->setDateTime(starts.addSecs(length > 0 ? length : 3600));
        });
        layout->addWidget(button);
    };
    add(tr("In 10 minutes"), "startsIn10Minutes",
        [](const QDateTime& now) { return now.addSecs(10 * 60 + 59); });
    add(tr("In 1 hour"), "startsIn1Hour",
        [](const QDateTime& now) { return now.addSecs(3600 + 59); });
    add(tr("Tomorrow 18:00"), "startsTomorrowEvening",
        [](const QDateTime& now) { return QDateTime(now.date().addDays(1), QTime(18, 0)); });
    layout->addStretch();
    return row;
}

SaleDialog::SaleDialog(AdminClient& client, QList<Sale> knownSales, QWidget* parent)
    : QDialog(parent), client_(client), checker_(std::move(knownSales)) {
    setWindowTitle(tr("New sale"));
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("saleName"));
    name_->setPlaceholderText(tr("e.g. Holo Hour"));
    starts_ = makeTimeEdit("saleStarts", this);
    ends_ = makeTimeEdit("saleEnds", this);
    // By default the next whole hour, for an hour.
    const auto now = QDateTime::currentDateTime();
    const QDateTime nextHour(now.date(), QTime(now.time().hour(), 0));
    starts_->setDateTime(nextHour.addSecs(3600));
    ends_->setDateTime(nextHour.addSecs(7200));
    limit_ = new QSpinBox(this);
    limit_->setObjectName(QStringLiteral("saleLimit"));
    limit_->setRange(1, 1000);
    limit_->setValue(2);
    limit_->setSuffix(tr(" per SKU and customer"));
    items_ = new SaleItemsEditor(this);

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    form->addRow(tr("Name"), withError(name_, Field::Name));
    form->addRow(tr("Starts"), withError(starts_, Field::Starts));
    form->addRow(QString(), startPresets());
    form->addRow(tr("Ends"), withError(ends_, Field::Ends));
    form->addRow(tr("Limit"), withError(limit_, Field::Limit));
    form->addRow(tr("Items"), withError(items_, Field::Items));
    auto* zone =
        new QLabel(tr("Times are local (%1) and sent to the server in UTC.")
                       .arg(QTimeZone::systemTimeZone().displayName(now, QTimeZone::OffsetName)),
                   this);
    zone->setStyleSheet(QStringLiteral("color: #868e96;"));

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    create_ = buttons_->addButton(sendText(), QDialogButtonBox::AcceptRole);
    create_->setDefault(true);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(zone);
    layout->addWidget(withError(new QWidget(this), Field::General));
    layout->addWidget(buttons_);
    resize(640, 480);

    connect(buttons_, &QDialogButtonBox::accepted, this, &SaleDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &SaleDialog::reject);
    connect(name_, &QLineEdit::textEdited, this, [this] { clearError(Field::Name); });
    connect(starts_, &QDateTimeEdit::dateTimeChanged, this, [this] {
        clearError(Field::Starts);
        clearError(Field::Ends);
    });
    connect(ends_, &QDateTimeEdit::dateTimeChanged, this, [this] { clearError(Field::Ends); });
    connect(limit_, &QSpinBox::valueChanged, this, [this] { clearError(Field::Limit); });
    connect(items_, &SaleItemsEditor::itemsEdited, this, [this] { clearError(Field::Items); });

    create_->setEnabled(false); // until the catalog is in: SKUs and prices are checked against it
    client_.products(
        this, [this](const ApiResult<QList<Product>>& result) { onProductsReceived(result); });
}

// The editor with its red error line right under it, hidden while there is nothing to say.
QWidget* SaleDialog::withError(QWidget* editor, Field field) {
    auto* box = new QWidget(this);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(editor);
    auto* error = new QLabel(box);
    error->setObjectName(QStringLiteral("error%1").arg(int(field)));
    error->setWordWrap(true);
    error->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    error->hide();
    column->addWidget(error);
    errors_[field] = error;
    return box;
}

int SaleDialog::addItem(const QString& sku, std::optional<qint64> salePriceCents) {
    return items_->addItem(sku, salePriceCents);
}

void SaleDialog::onProductsReceived(const ApiResult<QList<Product>>& result) {
    create_->setEnabled(result.ok());
    if (!result.ok()) {
        SaleProblems failed;
        failed.messages[Field::Items] = tr("Could not load the products: %1")
                                            .arg(result.error ? result.error->message : QString());
        showProblems(failed);
        emit productsReceived();
        return;
    }
    checker_.setProducts(*result.value);
    items_->setProducts(*result.value);
    if (items_->rowCount() == 0)
        items_->addItem();
    emit productsReceived();
}

void SaleDialog::setDraft(const SaleDraft& draft) {
    name_->setText(draft.name);
    starts_->setDateTime(draft.startsAt.toLocalTime());
    ends_->setDateTime(draft.endsAt.toLocalTime());
    limit_->setValue(int(draft.perCustomerLimit));
    items_->setItems(draft.items);
}

void SaleDialog::editSale(const Sale& sale) {
    editedId_ = sale.id;
    checker_.setEditedSale(sale.id);
    setWindowTitle(tr("Edit “%1”").arg(sale.name));
    create_->setText(sendText());
    SaleDraft draft;
    draft.name = sale.name;
    draft.startsAt = sale.startsAt;
    draft.endsAt = sale.endsAt;
    draft.perCustomerLimit = sale.perCustomerLimit;
    draft.items = sale.items;
    setDraft(draft);
}

QString SaleDialog::sendText() const {
    return editedId_ ? tr("Save changes") : tr("Create sale");
}

SaleDraft SaleDialog::draft() const {
    SaleDraft draft;
    draft.name = name_->text().trimmed();
    draft.startsAt = wholeMinute(starts_->dateTime()).toUTC();
    draft.endsAt = wholeMinute(ends_->dateTime()).toUTC();
    draft.perCustomerLimit = limit_->value();
    draft.items = items_->items();
    return draft;
}

QString SaleDialog::errorText(Field field) const {
    const auto* label = errors_.value(field);
    return label && label->isVisible() ? label->text() : QString();
}

void SaleDialog::accept() {
    if (sending_)
        return;
    for (auto field : errors_.keys())
        clearError(field);
    const SaleDraft sent = draft();
    const auto problems = checker_.check(sent);
    if (!problems.isEmpty()) {
        showProblems(problems);
        return;
    }
    sending_ = true;
    create_->setEnabled(false);
    create_->setText(editedId_ ? tr("Saving…") : tr("Creating…"));
    const auto answered = [this, sent](const ApiResult<Sale>& result) {
        onSaleAnswered(result, sent);
    };
    if (editedId_)
        client_.updateSale(*editedId_, sent, this, answered);
    else
        client_.createSale(sent, this, answered);
}

void SaleDialog::onSaleAnswered(const ApiResult<Sale>& result, const SaleDraft& sent) {
    sending_ = false;
    create_->setEnabled(true);
    create_->setText(sendText());
    if (result.ok()) {
        if (editedId_)
            emit saleUpdated(*result.value);
        else
            emit saleCreated(*result.value);
        QDialog::accept();
    } else if (result.error) {
        showProblems(checker_.placeServerError(*result.error, sent));
    }
}

void SaleDialog::showProblems(const SaleProblems& problems) {
    QWidget* first = nullptr;
    for (auto it = problems.messages.begin(); it != problems.messages.end(); ++it) {
        auto* label = errors_.value(it.key());
        label->setText(it.value());
        label->show();
        if (!first)
            first = label->parentWidget();
    }
    if (problems.messages.contains(Field::Items))
        items_->markRows(problems.skus, problems.messages.value(Field::Items));
    if (first && first->layout() && first->layout()->itemAt(0)->widget())
        first->layout()->itemAt(0)->widget()->setFocus();
}

void SaleDialog::clearError(Field field) {
    errors_.value(field)->hide();
    errors_.value(field)->clear();
    if (field == Field::Items)
        items_->clearMarks();
}

} // namespace topcoat::ui

#include "SaleDialog.h"

#include "AdminClient.h"
#include "SalesModel.h"

#include <QComboBox>
#include <QDateTimeEdit>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimeZone>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

enum ItemColumn { ProductColumn, RegularColumn, PriceColumn };
constexpr int maxItems = 200; // server/API.md field rules
constexpr int maxNameBytes = 120;
const QColor problemTint(0xff, 0xe3, 0xe3);
// How the server's messages start when a field is wrong ("ends_at must be after starts_at").
const std::pair<QLatin1String, SaleDialog::Field> fieldNames[] = {
    {QLatin1String("name"), SaleDialog::Field::Name},
    {QLatin1String("starts_at"), SaleDialog::Field::Starts},
    {QLatin1String("ends_at"), SaleDialog::Field::Ends},
    {QLatin1String("per_customer_limit"), SaleDialog::Field::Limit}};

QDateTimeEdit* makeTimeEdit(const char* objectName, QWidget* parent) {
    auto* edit = new QDateTimeEdit(parent);
    edit->setObjectName(QLatin1String(objectName));
    edit->setTimeSpec(Qt::LocalTime); // people think in their own time; draft() sends UTC
    edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm"));
    edit->setCalendarPopup(true);
    return edit;
}

QComboBox* skuBox(const QTableWidget* items, int row) {
    return qobject_cast<QComboBox*>(items->cellWidget(row, ProductColumn));
}

QDateTime wholeMinute(const QDateTime& at) {
    return QDateTime(at.date(), QTime(at.time().hour(), at.time().minute()), at.timeSpec());
}

} // namespace

SaleDialog::SaleDialog(AdminClient& client, QList<Sale> knownSales, QWidget* parent)
    : QDialog(parent), client_(client), knownSales_(std::move(knownSales)) {
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

    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignTop);
    form->addRow(tr("Name"), withError(name_, Field::Name));
    form->addRow(tr("Starts"), withError(starts_, Field::Starts));
    form->addRow(tr("Ends"), withError(ends_, Field::Ends));
    form->addRow(tr("Limit"), withError(limit_, Field::Limit));
    form->addRow(tr("Items"), withError(buildItems(), Field::Items));
    auto* zone =
        new QLabel(tr("Times are local (%1) and sent to the server in UTC.")
                       .arg(QTimeZone::systemTimeZone().displayName(now, QTimeZone::OffsetName)),
                   this);
    zone->setStyleSheet(QStringLiteral("color: #868e96;"));

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    create_ = buttons_->addButton(tr("Create sale"), QDialogButtonBox::AcceptRole);
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

QWidget* SaleDialog::buildItems() {
    auto* box = new QWidget(this);
    items_ = new QTableWidget(0, 3, box);
    items_->setObjectName(QStringLiteral("saleItems"));
    items_->setHorizontalHeaderLabels({tr("Product"), tr("Regular"), tr("Sale price")});
    items_->verticalHeader()->hide();
    items_->verticalHeader()->setDefaultSectionSize(30);
    items_->setSelectionBehavior(QAbstractItemView::SelectRows);
    items_->setSelectionMode(QAbstractItemView::SingleSelection);
    items_->horizontalHeader()->setSectionResizeMode(ProductColumn, QHeaderView::Stretch);
    items_->horizontalHeader()->setSectionResizeMode(RegularColumn, QHeaderView::ResizeToContents);
    items_->setColumnWidth(PriceColumn, 120);
    items_->setMinimumHeight(130);
    auto* add = new QPushButton(tr("Add item"), box);
    auto* remove = new QPushButton(tr("Remove item"), box);
    auto* buttons = new QVBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    auto* row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(items_, 1);
    row->addLayout(buttons);
    connect(add, &QPushButton::clicked, this, [this] { addItem(); });
    connect(remove, &QPushButton::clicked, this, &SaleDialog::onRemoveItemClicked);
    return box;
}

int SaleDialog::addItem(const QString& sku, std::optional<qint64> salePriceCents) {
    QString chosen = sku;
    if (chosen.isEmpty()) {
        const auto listed = draft().items;
        for (const auto& product : products_)
            if (std::none_of(listed.begin(), listed.end(),
                             [&](const SaleItem& item) { return item.sku == product.sku; })) {
                chosen = product.sku;
                break;
            }
    }
    const int row = items_->rowCount();
    items_->insertRow(row);
    auto* box = new QComboBox(items_);
    fillProducts(box, chosen);
    auto* regular = new QTableWidgetItem;
    regular->setFlags(Qt::ItemIsEnabled);
    regular->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* price = new QDoubleSpinBox(items_);
    price->setPrefix(QStringLiteral("$ "));
    price->setDecimals(2);
    price->setRange(0, 1'000'000);
    price->setAlignment(Qt::AlignRight);
    items_->setCellWidget(row, ProductColumn, box);
    items_->setItem(row, RegularColumn, regular);
    items_->setCellWidget(row, PriceColumn, price);
    onItemChanged(row);
    // A new row suggests 20 % off; a duplicated one keeps its price.
    const auto known = product(chosen);
    price->setValue(salePriceCents ? double(*salePriceCents) / 100
                    : known        ? double(known->priceCents * 8 / 10) / 100
                                   : 0);
    // Rows move when others are removed, so look the row up when something changes.
    const auto rowOf = [this, box] {
        for (int r = 0; r < items_->rowCount(); ++r)
            if (items_->cellWidget(r, ProductColumn) == box)
                return r;
        return -1;
    };
    connect(box, &QComboBox::currentIndexChanged, this, [this, rowOf] { onItemChanged(rowOf()); });
    connect(price, &QDoubleSpinBox::valueChanged, this, [this] { clearError(Field::Items); });
    return row;
}

void SaleDialog::fillProducts(QComboBox* box, const QString& sku) const {
    box->clear();
    for (const auto& product : products_)
        box->addItem(QStringLiteral("%1 · %2").arg(product.sku, product.name), product.sku);
    if (!sku.isEmpty() && box->findData(sku) < 0) // kept, and flagged by check()
        box->addItem(tr("%1 (not in the catalog)").arg(sku), sku);
    box->setCurrentIndex(sku.isEmpty() ? 0 : box->findData(sku));
}

void SaleDialog::onItemChanged(int row) {
    if (row < 0)
        return;
    const auto* box = skuBox(items_, row);
    const auto known = product(box->currentData().toString());
    items_->item(row, RegularColumn)->setText(known ? formatCents(known->priceCents) : tr("—"));
    clearError(Field::Items);
}

void SaleDialog::onRemoveItemClicked() {
    const int row = items_->currentRow() >= 0 ? items_->currentRow() : items_->rowCount() - 1;
    if (row >= 0)
        items_->removeRow(row);
    clearError(Field::Items);
}

void SaleDialog::onProductsReceived(const ApiResult<QList<Product>>& result) {
    create_->setEnabled(result.ok());
    if (!result.ok()) {
        showProblems({{Field::Items, tr("Could not load the products: %1")
                                         .arg(result.error ? result.error->message : QString())}});
        emit productsReceived();
        return;
    }
    products_ = *result.value;
    for (int row = 0; row < items_->rowCount(); ++row) {
        auto* box = skuBox(items_, row);
        const QSignalBlocker quiet(box);
        fillProducts(box, box->currentData().toString());
        onItemChanged(row);
    }
    if (items_->rowCount() == 0)
        addItem();
    emit productsReceived();
}

void SaleDialog::setDraft(const SaleDraft& draft) {
    name_->setText(draft.name);
    starts_->setDateTime(draft.startsAt.toLocalTime());
    ends_->setDateTime(draft.endsAt.toLocalTime());
    limit_->setValue(int(draft.perCustomerLimit));
    items_->setRowCount(0);
    for (const auto& item : draft.items)
        addItem(item.sku, item.salePriceCents);
}

SaleDraft SaleDialog::draft() const {
    SaleDraft draft;
    draft.name = name_->text().trimmed();
    draft.startsAt = wholeMinute(starts_->dateTime()).toUTC();
    draft.endsAt = wholeMinute(ends_->dateTime()).toUTC();
    draft.perCustomerLimit = limit_->value();
    for (int row = 0; row < items_->rowCount(); ++row) {
        const auto* box = skuBox(items_, row);
        const auto* price = qobject_cast<QDoubleSpinBox*>(items_->cellWidget(row, PriceColumn));
        draft.items.append({box->currentData().toString(), qRound64(price->value() * 100), 0});
    }
    return draft;
}

QString SaleDialog::errorText(Field field) const {
    const auto* label = errors_.value(field);
    return label && label->isVisible() ? label->text() : QString();
}

std::optional<Product> SaleDialog::product(const QString& sku) const {
    for (const auto& product : products_)
        if (product.sku == sku)
            return product;
    return std::nullopt;
}

void SaleDialog::accept() {
    if (sending_)
        return;
    for (auto field : errors_.keys())
        clearError(field);
    const SaleDraft sent = draft();
    const Problems problems = check(sent);
    if (!problems.isEmpty()) {
        showProblems(problems);
        return;
    }
    sending_ = true;
    create_->setEnabled(false);
    create_->setText(tr("Creating…"));
    client_.createSale(sent, this, [this, sent](const ApiResult<Sale>& result) {
        sending_ = false;
        create_->setEnabled(true);
        create_->setText(tr("Create sale"));
        if (result.ok()) {
            emit saleCreated(*result.value);
            QDialog::accept();
        } else if (result.error) {
            showServerError(*result.error, sent);
        }
    });
}

SaleDialog::Problems SaleDialog::check(const SaleDraft& draft) {
    Problems problems;
    if (draft.name.isEmpty())
        problems[Field::Name] = tr("Give the sale a name.");
    else if (draft.name.toUtf8().size() > maxNameBytes)
        problems[Field::Name] =
            tr("At most %1 bytes (this is %2).").arg(maxNameBytes).arg(draft.name.toUtf8().size());
    if (draft.endsAt <= draft.startsAt)
        problems[Field::Ends] = tr("The sale must end after it starts.");
    else if (draft.endsAt <= QDateTime::currentDateTimeUtc())
        problems[Field::Ends] = tr("The end is in the past.");
    if (draft.perCustomerLimit < 1)
        problems[Field::Limit] = tr("At least 1.");

    QStringList itemProblems;
    QSet<QString> bad;
    QSet<QString> seen;
    for (const auto& item : draft.items) {
        const auto known = product(item.sku);
        const bool twice = seen.contains(item.sku);
        seen.insert(item.sku);
        if (twice)
            itemProblems << tr("%1 is listed twice.").arg(item.sku);
        else if (hasProducts() && !known)
            itemProblems << tr("%1 is not in the catalog.").arg(item.sku);
        else if (known && item.salePriceCents >= known->priceCents)
            itemProblems << tr("%1: the sale price must be below the regular %2.")
                                .arg(item.sku, formatCents(known->priceCents));
        else
            continue;
        bad.insert(item.sku);
    }
    if (draft.items.isEmpty())
        itemProblems << tr("Add at least one item.");
    if (draft.items.size() > maxItems)
        itemProblems << tr("At most %1 items.").arg(maxItems);
    if (!itemProblems.isEmpty()) {
        problems[Field::Items] = itemProblems.join(QLatin1Char('\n'));
        markRows(bad, problems[Field::Items]);
        return problems;
    }
    // The server refuses a SKU in two sales at once; saying which sale first saves a trip.
    QSet<QString> shared;
    const auto clash = overlappingSale(knownSales_, draft, shared);
    if (clash && !problems.contains(Field::Ends)) {
        auto skus = shared.values();
        skus.sort();
        problems[Field::Items] = tr("%1 already on sale at that time in “%2” (sale %3); change "
                                    "the times or items, or cancel that sale first.")
                                     .arg(skus.join(QStringLiteral(", ")), clash->name)
                                     .arg(clash->id);
        markRows(shared, problems[Field::Items]);
    }
    return problems;
}

// The server names the field first ("ends_at must…") or the SKU; either places the message.
void SaleDialog::showServerError(const ApiError& error, const SaleDraft& sent) {
    QString message = error.message.isEmpty() ? error.code : error.message;
    message[0] = message[0].toUpper();
    // The server speaks RFC 3339 UTC; the form shows local minutes.
    static const QRegularExpression utc(QStringLiteral("\\d{4}-\\d\\d-\\d\\dT[\\d:]{8}Z"));
    for (auto found = utc.match(message); found.hasMatch(); found = utc.match(message))
        message.replace(found.captured(), QDateTime::fromString(found.captured(), Qt::ISODate)
                                              .toLocalTime()
                                              .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    Field field = Field::General;
    for (const auto& [prefix, named] : fieldNames)
        if (error.message.startsWith(prefix))
            field = named;
    QSet<QString> skus;
    for (const auto& item : sent.items)
        if (error.message.contains(QRegularExpression(
                QStringLiteral("\\b%1\\b").arg(QRegularExpression::escape(item.sku)))))
            skus.insert(item.sku);
    if (error.code == QLatin1String("sale_overlap")) {
        // The server names the sale, not the SKUs; ours knows them if it knows that sale.
        overlappingSale(knownSales_, sent, skus);
        message += tr(". Change the times or items, or cancel that sale first.");
    }
    if (error.code == QLatin1String("sale_overlap") || error.code == QLatin1String("unknown_sku") ||
        !skus.isEmpty() || error.message.contains(QLatin1String("item")))
        field = Field::Items;
    if (error.status == 0)
        message = tr("The server could not be reached: %1").arg(message);
    showProblems({{field, message}});
    if (field == Field::Items)
        markRows(skus, message);
}

void SaleDialog::showProblems(const Problems& problems) {
    QWidget* first = nullptr;
    for (auto it = problems.begin(); it != problems.end(); ++it) {
        auto* label = errors_.value(it.key());
        label->setText(it.value());
        label->show();
        if (!first)
            first = label->parentWidget();
    }
    if (first && first->layout() && first->layout()->itemAt(0)->widget())
        first->layout()->itemAt(0)->widget()->setFocus();
}

void SaleDialog::clearError(Field field) {
    errors_.value(field)->hide();
    errors_.value(field)->clear();
    if (field != Field::Items)
        return;
    for (int row = 0; row < items_->rowCount(); ++row) {
        items_->item(row, RegularColumn)->setBackground(QBrush());
        items_->item(row, RegularColumn)->setToolTip({});
    }
}

void SaleDialog::markRows(const QSet<QString>& skus, const QString& why) {
    for (int row = 0; row < items_->rowCount(); ++row) {
        const auto* box = skuBox(items_, row);
        if (!skus.contains(box->currentData().toString()))
            continue;
        items_->item(row, RegularColumn)->setBackground(problemTint);
        items_->item(row, RegularColumn)->setToolTip(why);
    }
}

} // namespace topcoat::ui

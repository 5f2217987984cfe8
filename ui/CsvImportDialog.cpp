#include "CsvImportDialog.h"

#include "AdminClient.h"
#include "FileDialogs.h"
#include "SwatchDelegate.h"

#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

constexpr int colorRole = Qt::UserRole + 1;
// Catalog files are small; a bigger one is not a catalog and would freeze the preview.
constexpr qint64 maxFileBytes = 8 * 1024 * 1024;

const QColor red(0xc9, 0x2a, 0x2a);
const QColor green(0x2b, 0x8a, 0x3e);
const QColor grey(0x86, 0x8e, 0x96);
const QColor blue(0x1c, 0x64, 0xb4);

} // namespace

CsvImportDialog::CsvImportDialog(AdminClient& client, QWidget* parent)
    : QDialog(parent), client_(client) {
    setWindowTitle(tr("Import catalog from CSV"));
    choose_ = new QPushButton(tr("Choose file…"), this);
    path_ = new QLabel(usesDecimalComma(QLocale())
                           ? tr("Columns: sku, name, shade_hex, price (like 12,50 or 12.50), stock")
                           : tr("Columns: sku, name, shade_hex, price (like 12.50), stock"),
                       this);
    path_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    summary_ = new QLabel(this);
    summary_->setWordWrap(true);

    table_ = new QTableWidget(0, ColumnCount, this);
    table_->setHorizontalHeaderLabels(
        {tr("Line"), tr("Shade"), tr("SKU"), tr("Name"), tr("Price"), tr("Stock"), tr("Status")});
    table_->setItemDelegateForColumn(Swatch, new SwatchDelegate(colorRole, table_));
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setAlternatingRowColors(true);
    table_->setWordWrap(false);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    auto* header = table_->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::ResizeToContents);
    header->setSectionResizeMode(Name, QHeaderView::Stretch);
    header->setSectionResizeMode(Status, QHeaderView::Stretch);

    problems_ = new QPlainTextEdit(this);
    problems_->setObjectName(QStringLiteral("rowProblems"));
    problems_->setReadOnly(true);
    problems_->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    problems_->setMaximumHeight(problems_->fontMetrics().lineSpacing() * 6);
    problems_->setPlaceholderText(tr("Rows that cannot be imported are listed here."));
    problems_->hide();

    progress_ = new QProgressBar(this);
    progress_->setTextVisible(true);
    progress_->setFormat(tr("%v of %m done"));
    progress_->hide();
    import_ = new QPushButton(tr("Import"), this);
    import_->setEnabled(false);
    import_->setDefault(true);
    close_ = new QPushButton(tr("Close"), this);

    auto* top = new QHBoxLayout;
    top->addWidget(choose_);
    top->addWidget(path_, 1);
    auto* bottom = new QHBoxLayout;
    bottom->addWidget(progress_, 1);
    bottom->addStretch();
    bottom->addWidget(import_);
    bottom->addWidget(close_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(summary_);
    layout->addWidget(table_, 1);
    layout->addWidget(problems_);
    layout->addLayout(bottom);
    resize(860, 480);

    connect(choose_, &QPushButton::clicked, this, &CsvImportDialog::chooseFile);
    connect(import_, &QPushButton::clicked, this, &CsvImportDialog::startImport);
    connect(close_, &QPushButton::clicked, this, &QDialog::accept);
}

void CsvImportDialog::chooseFile() {
    const auto path =
        chooseFileToOpen(this, tr("Import catalog"), tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        loadFile(path);
}

bool CsvImportDialog::loadFile(const QString& path) {
    rows_.clear();
    states_.clear();
    refusals_.clear();
    updates_.clear();
    existing_.clear();
    table_->setRowCount(0);
    updateProblems();
    import_->setEnabled(false);
    progress_->hide();
    path_->setText(QFileInfo(path).fileName());
    path_->setToolTip(path);

    QFile file(path);
    QString problem;
    if (!file.open(QIODevice::ReadOnly))
        problem = tr("Cannot read %1: %2").arg(path, file.errorString());
    else if (file.size() > maxFileBytes)
        problem = tr("%1 is larger than 8 MB; that is not a catalog.").arg(path);
    // Read under the owner's locale: a decimal comma is a decimal where people write one.
    const auto catalog =
        problem.isEmpty() ? parseCatalogCsv(file.readAll(), QLocale()) : CsvCatalog{};
    if (problem.isEmpty())
        problem = catalog.error;
    if (!problem.isEmpty()) {
        summary_->setStyleSheet(QStringLiteral("color: #c92a2a;"));
        summary_->setText(problem);
        return false;
    }
    summary_->setStyleSheet({});
    rows_ = catalog.rows;
    for (const auto& row : rows_) {
        states_.append(row.valid() ? RowState::Checking : RowState::Invalid);
        refusals_.append(QString());
        updates_.append(CatalogUpdate());
    }
    fillTable();
    updateProblems();
    updateSummary();
    // Which SKUs exist is the server's to say, and it changes; ask now rather than trust a cache.
    client_.products(this, [this, generation = ++generation_](const auto& result) {
        if (generation == generation_) // not a reply about a file since replaced
            onExistingReceived(result);
    });
    return true;
}

void CsvImportDialog::fillTable() {
    table_->setRowCount(int(rows_.size()));
    const QLocale locale;
    for (int r = 0; r < rows_.size(); ++r) {
        const auto& row = rows_.at(r);
        const auto set = [&](int column, const QString& text, bool right = false) {
            auto* item = new QTableWidgetItem(text);
            if (right)
                item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            table_->setItem(r, column, item);
            return item;
        };
        set(Line, QString::number(row.line), true);
        auto* swatch = set(Swatch, {});
        if (isValidShadeHex(row.draft.shadeHex))
            swatch->setData(colorRole, QColor(row.draft.shadeHex));
        swatch->setToolTip(row.draft.shadeHex);
        set(Sku, row.draft.sku);
        set(Name, row.draft.name);
        set(Price, formatPrice(row.draft.priceCents), true);
        set(Stock, locale.toString(row.draft.stock), true);
        set(Status, {});
        setState(r, states_.at(r));
    }
}

void CsvImportDialog::onExistingReceived(const ApiResult<QList<Product>>& result) {
    if (!result.ok()) {
        // Import anyway: the server refuses existing SKUs with 409, shown on their rows.
        summary_->setStyleSheet(QStringLiteral("color: #c92a2a;"));
        summary_->setText(tr("Could not list the shop's products (%1); rows already in the shop "
                             "will be refused by it.")
                              .arg(result.error->message));
    }
    if (result.ok())
        for (const auto& product : *result.value)
            existing_.insert(product.sku, product);
    for (int r = 0; r < rows_.size(); ++r) {
        if (states_.at(r) != RowState::Checking)
            continue;
        const auto found = existing_.constFind(rows_.at(r).draft.sku);
        if (found == existing_.constEnd()) {
            setState(r, RowState::New);
            continue;
        }
        updates_[r] = updateFor(rows_.at(r).draft, *found);
        setState(r, updates_[r].isEmpty() ? RowState::Unchanged : RowState::Changed);
    }
    if (result.ok())
        updateSummary();
    import_->setEnabled(states_.contains(RowState::New) || states_.contains(RowState::Changed));
    emit previewReady();
}

void CsvImportDialog::startImport() {
    if (importing_)
        return;
    queue_.clear();
    for (int r = 0; r < states_.size(); ++r)
        if (states_.at(r) == RowState::New || states_.at(r) == RowState::Changed)
            queue_.append(r);
    if (queue_.isEmpty())
        return;
    importing_ = true;
    imported_ = updated_ = refused_ = 0;
    import_->setEnabled(false);
    choose_->setEnabled(false);
    progress_->setRange(0, int(queue_.size()));
    progress_->setValue(0);
    progress_->show();
    importNext();
}

void CsvImportDialog::importNext() {
    if (queue_.isEmpty()) {
        importing_ = false;
        choose_->setEnabled(true);
        for (int r = 0; r < states_.size(); ++r)
            if (states_.at(r) == RowState::Unchanged)
                setState(r, RowState::Unchanged); // now in the past tense
        updateSummary();
        emit importFinished(imported_, updated_, refused_);
        return;
    }
    // One at a time: an import must not crowd out a live sale's checkouts on the same server.
    const int row = queue_.takeFirst();
    table_->scrollToItem(table_->item(row, Status));
    if (states_.at(row) == RowState::Changed) {
        updateRow(row);
        return;
    }
    setState(row, RowState::Importing);
    client_.createProduct(rows_.at(row).draft, this,
                          [this, row](const auto& result) { onCreateAnswered(row, result); });
}

void CsvImportDialog::updateRow(int row) {
    setState(row, RowState::Updating);
    const auto& sku = rows_.at(row).draft.sku;
    const auto& update = updates_.at(row);
    if (!update.changesFields()) {
        updateStock(row, false);
        return;
    }
    client_.updateProduct(sku, update.fields, this, [this, row](const ApiResult<Product>& result) {
        if (!result.ok()) {
            finishRow(row, RowState::Refused, result.error->message);
            return;
        }
        emit productImported(*result.value);
        updateStock(row, true);
    });
}

void CsvImportDialog::updateStock(int row, bool fieldsSaved) {
    const auto& sku = rows_.at(row).draft.sku;
    const auto delta = updates_.at(row).stockDelta;
    if (delta == 0) {
        finishRow(row, RowState::Updated);
        return;
    }
    const auto answered = [this, row, fieldsSaved](const ApiResult<Product>& result) {
        if (!result.ok()) {
            // The fields were saved already; say so rather than call the whole row refused.
            finishRow(row, RowState::Refused,
                      fieldsSaved ? tr("the other changes were saved, but the stock change was "
                                       "refused: %1")
                                        .arg(result.error->message)
                                  : result.error->message);
            return;
        }
        emit productImported(*result.value);
        const auto wanted = rows_.at(row).draft.stock;
        // The difference was taken when the file was compared; sales since then moved it.
        finishRow(row, RowState::Updated,
                  result.value->stock == wanted
                      ? QString()
                      : tr("%1 available now: the stock moved while importing")
                            .arg(QLocale().toString(result.value->stock)));
    };
    if (delta > 0)
        client_.restock(sku, delta, this, answered);
    else
        client_.writeOff(sku, -delta, {QStringLiteral("other"), tr("CSV import")}, this, answered);
}

void CsvImportDialog::finishRow(int row, RowState state, const QString& detail) {
    if (state == RowState::Refused)
        ++refused_;
    else
        ++updated_;
    setState(row, state, detail);
    progress_->setValue(progress_->value() + 1);
    importNext();
}

void CsvImportDialog::onCreateAnswered(int row, const ApiResult<Product>& result) {
    if (result.ok()) {
        ++imported_;
        setState(row, RowState::Imported);
        emit productImported(*result.value);
    } else {
        ++refused_;
        setState(row, RowState::Refused,
                 result.error->code == QLatin1String("sku_exists")
                     ? tr("already in the shop (added meanwhile)")
                     : result.error->message);
    }
    progress_->setValue(progress_->value() + 1);
    importNext();
}

void CsvImportDialog::setState(int row, RowState state, const QString& detail) {
    states_[row] = state;
    auto* item = table_->item(row, Status);
    QString text;
    QColor color = palette().color(QPalette::Text);
    switch (state) {
    case RowState::Checking:
        text = tr("Checking…");
        color = grey;
        break;
    case RowState::New:
        text = tr("New product: will be added");
        color = green;
        break;
    case RowState::Changed:
        text = tr("Changes: %1")
                   .arg(describeUpdate(updates_.at(row), existing_.value(rows_.at(row).draft.sku)));
        color = blue;
        break;
    case RowState::Unchanged:
        text = imported_ + updated_ + refused_ > 0 || importing_
                   ? tr("In the shop as in the file: left as it is")
                   : tr("In the shop as in the file: nothing to change");
        color = grey;
        break;
    case RowState::Updating:
        text = tr("Updating…");
        break;
    case RowState::Updated:
        text = detail.isEmpty() ? tr("Updated") : tr("Updated; %1").arg(detail);
        color = green;
        break;
    case RowState::Invalid:
        text = tr("Invalid: %1").arg(rows_.at(row).errors.join(QStringLiteral("; ")));
        color = red;
        break;
    case RowState::Importing:
        text = tr("Adding…");
        break;
    case RowState::Imported:
        text = tr("Added");
        color = green;
        break;
    case RowState::Refused:
        refusals_[row] = detail;
        text = tr("Refused by the shop: %1").arg(detail);
        color = red;
        break;
    }
    item->setText(text);
    item->setToolTip(text);
    item->setForeground(color);
    if (state == RowState::Refused) // invalid rows are listed once, when the file is read
        updateProblems();
}

QString CsvImportDialog::statusText(int row) const {
    return table_->item(row, Status)->text();
}

QString CsvImportDialog::summaryText() const {
    return summary_->text();
}

QString CsvImportDialog::problemsText() const {
    return problems_->toPlainText();
}

void CsvImportDialog::updateProblems() {
    QStringList lines;
    for (int r = 0; r < states_.size(); ++r) {
        if (states_.at(r) == RowState::Invalid)
            lines << tr("Line %1: %2")
                         .arg(rows_.at(r).line)
                         .arg(rows_.at(r).errors.join(QStringLiteral("; ")));
        else if (states_.at(r) == RowState::Refused)
            lines << tr("Line %1: refused by the shop: %2")
                         .arg(rows_.at(r).line)
                         .arg(refusals_.at(r));
    }
    problems_->setPlainText(lines.join(QLatin1Char('\n')));
    problems_->setVisible(!lines.isEmpty());
}

void CsvImportDialog::updateSummary() {
    const auto count = [this](RowState state) {
        return int(states_.count(state));
    };
    const bool stockChanges = std::any_of(updates_.begin(), updates_.end(), [](const auto& update) {
        return update.stockDelta != 0;
    });
    if (count(RowState::Imported) + count(RowState::Updated) + count(RowState::Refused) > 0) {
        summary_->setText(tr("%1 added, %2 updated, %3 refused by the shop, %4 unchanged, %5 "
                             "invalid.")
                              .arg(count(RowState::Imported))
                              .arg(count(RowState::Updated))
                              .arg(count(RowState::Refused))
                              .arg(count(RowState::Unchanged))
                              .arg(count(RowState::Invalid)));
    } else {
        auto text = tr("%1 rows: %2 new, %3 changed, %4 unchanged, %5 invalid.")
                        .arg(rows_.size())
                        .arg(count(RowState::New))
                        .arg(count(RowState::Changed))
                        .arg(count(RowState::Unchanged))
                        .arg(count(RowState::Invalid));
        if (stockChanges)
            text += QLatin1Char(' ') +
                    tr("A product's stock is set to the file's number of units available: the "
                       "difference is restocked, or written off (reason “other”). Units already "
                       "sold or reserved are not touched.");
        summary_->setText(text);
    }
    const int added = count(RowState::New);
    const int changed = count(RowState::Changed);
    import_->setText(added > 0 && changed > 0 ? tr("Add %1, update %2").arg(added).arg(changed)
                     : added > 0              ? tr("Import %1 new").arg(added)
                     : changed > 0            ? tr("Update %1").arg(changed)
                                              : tr("Import"));
}

} // namespace topcoat::ui

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
    progress_->setFormat(tr("%v of %m added"));
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
    QSet<QString> existing;
    if (result.ok())
        for (const auto& product : *result.value)
            existing.insert(product.sku);
    for (int r = 0; r < rows_.size(); ++r)
        if (states_.at(r) == RowState::Checking)
            setState(r,
                     existing.contains(rows_.at(r).draft.sku) ? RowState::Exists : RowState::New);
    if (result.ok())
        updateSummary();
    import_->setEnabled(states_.contains(RowState::New));
    emit previewReady();
}

void CsvImportDialog::startImport() {
    if (importing_)
        return;
    queue_.clear();
    for (int r = 0; r < states_.size(); ++r)
        if (states_.at(r) == RowState::New)
            queue_.append(r);
    if (queue_.isEmpty())
        return;
    importing_ = true;
    imported_ = refused_ = 0;
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
            if (states_.at(r) == RowState::Exists)
                setState(r, RowState::Exists); // now in the past tense
        updateSummary();
        emit importFinished(imported_, refused_);
        return;
    }
    // One at a time: an import must not crowd out a live sale's checkouts on the same server.
    const int row = queue_.takeFirst();
    setState(row, RowState::Importing);
    table_->scrollToItem(table_->item(row, Status));
    client_.createProduct(rows_.at(row).draft, this,
                          [this, row](const auto& result) { onCreateAnswered(row, result); });
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
    case RowState::Exists:
        text = imported_ + refused_ > 0 || importing_ ? tr("Already in the shop: skipped")
                                                      : tr("Already in the shop: will be skipped");
        color = grey;
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
    if (count(RowState::Imported) + count(RowState::Refused) > 0) {
        summary_->setText(tr("%1 added, %2 refused by the shop, %3 skipped, %4 invalid.")
                              .arg(count(RowState::Imported))
                              .arg(count(RowState::Refused))
                              .arg(count(RowState::Exists))
                              .arg(count(RowState::Invalid)));
    } else {
        summary_->setText(tr("%1 rows: %2 new, %3 already in the shop (skipped), %4 invalid.")
                              .arg(rows_.size())
                              .arg(count(RowState::New))
                              .arg(count(RowState::Exists))
                              .arg(count(RowState::Invalid)));
    }
    import_->setText(count(RowState::New) > 0 ? tr("Import %1 new").arg(count(RowState::New))
                                              : tr("Import"));
}

} // namespace topcoat::ui

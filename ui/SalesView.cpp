#include "SalesView.h"

#include "AdminClient.h"
#include "ConsoleSession.h"
#include "Counted.h"
#include "SaleDialog.h"
#include "SaleTimeline.h"
#include "SalesModel.h"

#include <QAction>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QToolBar>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

// The filter's choices: "" shows every state.
const char* const filterStates[] = {"", "scheduled", "live", "ended", "cancelled"};
constexpr int maxNameChars = 120;

// Once a sale has started it has sold at its terms; the server refuses to change them.
bool editable(const Sale& sale) {
    return sale.state == QLatin1String("scheduled");
}

bool cancellable(const Sale& sale) {
    return sale.state == QLatin1String("scheduled") || sale.state == QLatin1String("live");
}

// The sale as a new draft. Times that have passed move to the next whole hour, same length.
SaleDraft duplicateOf(const Sale& sale) {
    SaleDraft draft;
    draft.name = SalesView::tr("%1 (copy)").arg(sale.name).left(maxNameChars);
    draft.startsAt = sale.startsAt;
    draft.endsAt = sale.endsAt;
    const auto now = QDateTime::currentDateTimeUtc();
    if (draft.startsAt <= now) {
        const auto length = sale.startsAt.secsTo(sale.endsAt);
        const auto local = now.toLocalTime();
        draft.startsAt =
            QDateTime(local.date(), QTime(local.time().hour(), 0)).addSecs(3600).toUTC();
        draft.endsAt = draft.startsAt.addSecs(length);
    }
    draft.perCustomerLimit = sale.perCustomerLimit;
    draft.items = sale.items;
    return draft;
}

} // namespace

SalesView::SalesView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), client_(session.client()) {
    model_ = new SalesModel(session, this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setSortRole(SalesModel::SortRole);
    proxy_->setFilterRole(SalesModel::SortRole);
    proxy_->setFilterKeyColumn(SalesModel::State);

    table_ = new QTableView(this);
    table_->setModel(proxy_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(SalesModel::Starts, Qt::DescendingOrder);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->setAlternatingRowColors(true);
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(22);
    auto* columns = table_->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::ResizeToContents);
    columns->setSectionResizeMode(SalesModel::Name, QHeaderView::Stretch);

    timeline_ = new SaleTimeline(this);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(timeline_);
    split->addWidget(table_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    buildToolbar();
    layout->addWidget(toolbar_);
    layout->addWidget(split, 1);

    connect(model_, &SalesModel::salesUpdated, this, &SalesView::onSalesUpdated);
    connect(model_, &SalesModel::refreshFailed, this, &SalesView::onRefreshFailed);
    connect(table_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SalesView::onSelectionChanged);
    connect(table_, &QTableView::doubleClicked, this, &SalesView::onDuplicateTriggered);
    connect(timeline_, &SaleTimeline::saleClicked, this, &SalesView::selectSale);
    onSelectionChanged();
    showStatus(tr("Loading sales…"), false);
}

void SalesView::buildToolbar() {
    auto* bar = new QToolBar(this);
    bar->setToolButtonStyle(Qt::ToolButtonTextOnly);
    bar->setStyleSheet(QStringLiteral("QToolBar { border: none; spacing: 4px; }"));
    newSale_ = bar->addAction(tr("New sale…"), this, &SalesView::onNewSaleTriggered);
    newSale_->setShortcut(QKeySequence::New);
    edit_ = bar->addAction(tr("Edit…"), this, &SalesView::onEditTriggered);
    edit_->setToolTip(tr("Change a sale that has not started yet"));
    duplicate_ = bar->addAction(tr("Duplicate…"), this, &SalesView::onDuplicateTriggered);
    duplicate_->setToolTip(tr("A new sale pre-filled from the selected one; for a sale that has "
                              "started, duplicate, adjust, then cancel the original."));
    cancelSale_ = bar->addAction(tr("Cancel sale…"), this, &SalesView::onCancelSaleTriggered);
    cancelSale_->setToolTip(tr("Stop a scheduled or live sale; its prices end at once"));
    bar->addSeparator();
    bar->addWidget(new QLabel(tr(" Show "), bar));
    filter_ = new QComboBox(bar);
    filter_->addItems({tr("All sales"), saleStateLabel(QStringLiteral("scheduled")),
                       saleStateLabel(QStringLiteral("live")),
                       saleStateLabel(QStringLiteral("ended")),
                       saleStateLabel(QStringLiteral("cancelled"))});
    bar->addWidget(filter_);
    auto* spacer = new QWidget(bar);
    spacer->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    bar->addWidget(spacer);
    status_ = new QLabel(bar);
    bar->addWidget(status_);
    toolbar_ = bar;
    connect(filter_, &QComboBox::currentIndexChanged, this, &SalesView::onFilterChosen);
}

QString SalesView::statusText() const {
    return status_->text();
}

std::optional<qint64> SalesView::selectedSaleId() const {
    const auto rows = table_->selectionModel()->selectedRows();
    if (rows.isEmpty())
        return std::nullopt;
    return rows.first().data(SalesModel::IdRole).toLongLong();
}

bool SalesView::selectSale(qint64 id) {
    for (int pass = 0; pass < 2; ++pass) {
        for (int row = 0; row < proxy_->rowCount(); ++row) {
            const auto index = proxy_->index(row, 0);
            if (index.data(SalesModel::IdRole).toLongLong() != id)
                continue;
            table_->selectRow(row);
            table_->scrollTo(index);
            return true;
        }
        filter_->setCurrentIndex(0); // the sale may only be hidden by the filter
    }
    return false;
}

SaleDialog* SalesView::openDialog(const QString& title) {
    auto* dialog = new SaleDialog(client_, model_->sales(), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(title);
    connect(dialog, &SaleDialog::saleCreated, this, [this](const Sale& sale) {
        model_->refresh();
        showStatus(tr("Created “%1”").arg(sale.name), false);
        emit saleCreated(sale);
    });
    connect(dialog, &SaleDialog::saleUpdated, this, [this](const Sale& sale) {
        model_->refresh();
        showStatus(tr("Saved “%1”").arg(sale.name), false);
        emit saleUpdated(sale);
    });
    // Not exec(): the table and timeline keep updating while the form is open.
    dialog->open();
    return dialog;
}

void SalesView::onNewSaleTriggered() {
    openDialog(tr("New sale"));
}

void SalesView::onEditTriggered() {
    const auto id = selectedSaleId();
    const auto sale = id ? model_->sale(*id) : std::nullopt;
    if (!sale || !editable(*sale))
        return;
    openDialog(tr("Edit “%1”").arg(sale->name))->editSale(*sale);
}

void SalesView::onDuplicateTriggered() {
    const auto id = selectedSaleId();
    const auto sale = id ? model_->sale(*id) : std::nullopt;
    if (!sale)
        return;
    openDialog(tr("Duplicate “%1”").arg(sale->name))->setDraft(duplicateOf(*sale));
}

void SalesView::onCancelSaleTriggered() {
    const auto id = selectedSaleId();
    const auto sale = id ? model_->sale(*id) : std::nullopt;
    if (!sale || !cancellable(*sale))
        return;
    auto* box =
        new QMessageBox(QMessageBox::Warning, tr("Cancel sale"),
                        tr("Cancel the sale “%1”?").arg(sale->name), QMessageBox::NoButton, this);
    box->setObjectName(QStringLiteral("cancelConfirmation"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setInformativeText(
        sale->state == QLatin1String("live")
            ? tr("It is live now: its prices end at once. This cannot be undone.")
            : tr("It will not start. This cannot be undone."));
    auto* confirm = box->addButton(tr("Cancel sale"), QMessageBox::DestructiveRole);
    box->setDefaultButton(box->addButton(tr("Keep it"), QMessageBox::RejectRole));
    connect(confirm, &QPushButton::clicked, this,
            [this, sale = *sale] { onCancelConfirmed(sale); });
    box->open();
}

void SalesView::onCancelConfirmed(const Sale& sale) {
    showStatus(tr("Cancelling “%1”…").arg(sale.name), false);
    client_.cancelSale(sale.id, this, [this, name = sale.name](const ApiResult<Sale>& result) {
        model_->refresh();
        if (result.ok()) {
            showStatus(tr("Cancelled “%1”").arg(name), false);
            emit saleCancelled(*result.value);
        } else if (result.error) {
            showStatus(tr("Could not cancel “%1”: %2").arg(name, result.error->message), true);
        }
    });
}

void SalesView::onSelectionChanged() {
    const auto id = selectedSaleId();
    const auto sale = id ? model_->sale(*id) : std::nullopt;
    edit_->setEnabled(sale && editable(*sale));
    duplicate_->setEnabled(sale.has_value());
    cancelSale_->setEnabled(sale && cancellable(*sale));
    timeline_->setSelectedSale(id);
}

void SalesView::onSalesUpdated() {
    timeline_->setSales(model_->sales());
    onSelectionChanged(); // the selected sale may have changed state
    showStatus(tr("%1 · updated %2")
                   .arg(counted(model_->sales().size(), tr("sale"), tr("sales")),
                        QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))),
               false);
}

void SalesView::onRefreshFailed(const ApiError& error) {
    showStatus(tr("Not updated: %1").arg(error.message), true);
}

void SalesView::onFilterChosen(int index) {
    proxy_->setFilterFixedString(QString::fromLatin1(filterStates[index]));
}

void SalesView::showStatus(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #c92a2a;")
                                   : QStringLiteral("color: #495057;"));
}

} // namespace topcoat::ui

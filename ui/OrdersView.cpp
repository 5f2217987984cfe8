#include "OrdersView.h"

#include "AdminClient.h"
#include "CatalogCsv.h"
#include "ConsoleSession.h"
#include "FileDialogs.h"
#include "OrderActionsBar.h"
#include "OrderAddressPanel.h"
#include "OrderHistoryPanel.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QDir>
#include <QFileDialog>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>
#include <algorithm>

namespace topcoat::ui {
namespace {

constexpr int ModeRole = Qt::UserRole;
constexpr int SaleIdRole = Qt::UserRole + 1;

// RFC 4180: a field holding a comma, quote or line break is quoted, its quotes doubled.
QString csvField(const QString& text) {
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Text a customer typed (their address, a name) must not run as a formula when the export is
// opened in a spreadsheet: a cell starting with = + - @ (or a tab or carriage return, which some
// spreadsheets skip before looking) is kept as text by a leading apostrophe.
QString spreadsheetText(const QString& text) {
    static const QString triggers = QStringLiteral("=+-@\t\r");
    if (!text.isEmpty() && triggers.contains(text.front()))
        return QLatin1Char('\'') + text;
    return text;
}

QString plural(qint64 n, const char* one, const char* many) {
    return groupedNumber(n) + QLatin1Char(' ') + QLatin1String(n == 1 ? one : many);
}

} // namespace

OrdersView::OrdersView(ConsoleSession& session, QWidget* parent, int pageSize)
    : QWidget(parent), client_(session.client()), model_(session, pageSize),
      sale_(new QComboBox(this)), sku_(new QLineEdit(this)), customer_(new QLineEdit(this)),
      statusFilter_(new QComboBox(this)), fromEnabled_(new QCheckBox(tr("From"), this)),
      from_(new QDateTimeEdit(this)), toEnabled_(new QCheckBox(tr("Before"), this)),
      to_(new QDateTimeEdit(this)), table_(new QTableView(this)), totals_(new QLabel(this)),
      status_(new QLabel(this)), export_(new QPushButton(tr("Export CSV…"), this)),
      history_(new OrderHistoryPanel(this)), address_(new OrderAddressPanel(this)),
      actions_(new OrderActionsBar(client_, this)) {
    // Object names let tests (and accessibility tools) find each control.
    sale_->setObjectName(QStringLiteral("saleFilter"));
    sale_->setAccessibleName(tr("Sale"));
    sale_->addItem(tr("Any sale"), int(OrdersFilter::SaleMode::Any));
    sale_->addItem(tr("No sale"), int(OrdersFilter::SaleMode::NoSale));
    sale_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    sku_->setObjectName(QStringLiteral("skuFilter"));
    sku_->setPlaceholderText(tr("SKU"));
    sku_->setClearButtonEnabled(true);
    customer_->setObjectName(QStringLiteral("customerFilter"));
    customer_->setPlaceholderText(tr("Customer contains…"));
    customer_->setClearButtonEnabled(true);
    statusFilter_->setObjectName(QStringLiteral("statusFilter"));
    statusFilter_->setAccessibleName(tr("Status"));
    statusFilter_->addItem(tr("Any status"), QString());
    for (const auto& status : orderStatuses())
        statusFilter_->addItem(orderStatusTitle(status), status);
    statusFilter_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    fromEnabled_->setObjectName(QStringLiteral("fromEnabled"));
    toEnabled_->setObjectName(QStringLiteral("toEnabled"));
    from_->setObjectName(QStringLiteral("fromTime"));
    to_->setObjectName(QStringLiteral("toTime"));
    // Seconds shown because orders carry them; a range to the minute would hide neighbours.
    const auto now = QDateTime::currentDateTime();
    for (auto* edit : {from_, to_}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setCalendarPopup(true);
        edit->setEnabled(false);
    }
    from_->setDateTime(QDateTime(now.date(), QTime(0, 0)));
    to_->setDateTime(QDateTime(now.date().addDays(1), QTime(0, 0)));
    totals_->setObjectName(QStringLiteral("totals"));
    totals_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    status_->setObjectName(QStringLiteral("ordersStatus"));
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    export_->setObjectName(QStringLiteral("exportCsv"));

    filter_.setSourceModel(&model_);
    table_->setModel(&filter_);
    table_->setSortingEnabled(true);
    table_->sortByColumn(OrdersModel::Time, Qt::DescendingOrder); // newest first
    table_->verticalHeader()->hide();
    table_->horizontalHeader()->setStretchLastSection(true);
    // Widths from sample text: sizing to contents would scan up to 200,000 rows.
    const QFontMetrics metrics(table_->font());
    const std::pair<int, const char*> samples[] = {
        {OrdersModel::Time, "2026-11-22 18:00:00"},
        {OrdersModel::OrderId, "ord_23na3te6xqk8h4m2p7wzbc5dr9"},
        {OrdersModel::Sku, "NP-0000-XX"},
        {OrdersModel::ProductName, "Midnight Cherry Lacquer"},
        {OrdersModel::Quantity, "Qty 999"},
        {OrdersModel::UnitPrice, "$1,000.00"},
        {OrdersModel::Total, "$10,000.00"},
        {OrdersModel::Status, "Awaiting payment"},
        {OrdersModel::Customer, "someone.longer@example.com"},
        {OrdersModel::ShipTo, "Ana Schneider-Wolf, Mönchengladbach, DE"},
    };
    for (const auto& [column, sample] : samples)
        table_->horizontalHeader()->resizeSection(
            column, metrics.horizontalAdvance(QString::fromLatin1(sample)) + 24);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setWordWrap(false);

    auto* filters = new QHBoxLayout;
    filters->addWidget(sale_);
    filters->addWidget(sku_);
    filters->addWidget(customer_, 1);
    filters->addWidget(statusFilter_);
    filters->addWidget(fromEnabled_);
    filters->addWidget(from_);
    filters->addWidget(toEnabled_);
    filters->addWidget(to_);
    auto* footer = new QHBoxLayout;
    footer->addWidget(totals_);
    footer->addStretch();
    footer->addWidget(status_);
    footer->addWidget(export_);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(table_, 1);
    auto* selected = new QHBoxLayout;
    selected->addWidget(history_, 1);
    selected->addWidget(address_);
    selected->addWidget(actions_);
    layout->addLayout(selected);
    layout->addLayout(footer);

    connect(sale_, &QComboBox::currentIndexChanged, this, &OrdersView::applyFilters);
    connect(sku_, &QLineEdit::textChanged, this, &OrdersView::applyFilters);
    connect(customer_, &QLineEdit::textChanged, this, &OrdersView::applyFilters);
    connect(statusFilter_, &QComboBox::currentIndexChanged, this, &OrdersView::applyFilters);
    for (auto [check, edit] : {std::pair{fromEnabled_, from_}, std::pair{toEnabled_, to_}}) {
        connect(check, &QCheckBox::toggled, edit, &QWidget::setEnabled);
        connect(check, &QCheckBox::toggled, this, &OrdersView::applyFilters);
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &OrdersView::applyFilters);
    }
    connect(export_, &QPushButton::clicked, this, &OrdersView::exportToChosenFile);

    connect(table_->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &OrdersView::onSelectionChanged);
    // A row's status moving (here or by refresh) changes what may be done with it.
    connect(&model_, &QAbstractItemModel::dataChanged, this, [this] {
        const auto order = selectedOrder();
        actions_->setOrder(order);
        address_->setOrder(order);
    });
    connect(&model_, &OrdersModel::orderRefreshed, this, &OrdersView::onOrderKnown);
    connect(actions_, &OrderActionsBar::orderMoved, this, [this](const OrderDetail& detail) {
        model_.updateOrder(detail.order);
        onOrderKnown(detail);
    });
    // Refused (most often: someone else moved it first): show the order as it is now.
    connect(actions_, &OrderActionsBar::moveFailed, this,
            [this](const QString& id) { model_.refreshOrders({id}); });
    connect(&session, &ConsoleSession::ordersDue, this, &OrdersView::onOrdersDue);
    connect(actions_, &OrderActionsBar::staffNameChanged, this, &OrdersView::staffNameChanged);

    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(&filter_, signal, this, &OrdersView::updateTotals);
    connect(&filter_, &QAbstractItemModel::modelReset, this, &OrdersView::updateTotals);
    connect(&filter_, &QAbstractItemModel::layoutChanged, this, &OrdersView::updateTotals);
    connect(&model_, &OrdersModel::ordersArrived, this, [this](int count) {
        bool unknown = false;
        const auto& orders = model_.orders();
        for (auto i = orders.size() - count; i < orders.size(); ++i)
            if (const auto id = orders[i].saleId; id && sale_->findData(*id, SaleIdRole) < 0) {
                addSaleChoice(*id, tr("Sale #%1").arg(*id));
                unknown = true;
            }
        if (unknown) // a sale created after we asked: fetch its name
            refreshSales();
        for (auto i = orders.size() - count; i < orders.size(); ++i)
            if (model_.productName(orders[i].sku).isEmpty()) {
                refreshProducts(); // a product added after we asked
                break;
            }
        lastError_.clear();
        updateStatus();
    });
    connect(&model_, &OrdersModel::loadFinished, this, &OrdersView::updateStatus);
    connect(&model_, &OrdersModel::capacityReached, this, &OrdersView::updateStatus);
    connect(&model_, &OrdersModel::loadFailed, this, [this](const ApiError& error) {
        lastError_ = error.message.isEmpty() ? error.code : error.message;
        updateStatus();
    });

    updateTotals();
    updateStatus();
    refreshSales();
    refreshProducts();
    refreshCurrency();
}

void OrdersView::addSaleChoice(qint64 id, const QString& name) {
    const int at = sale_->findData(id, SaleIdRole);
    if (at >= 0) {
        sale_->setItemText(at, name);
        return;
    }
    sale_->addItem(name, int(OrdersFilter::SaleMode::One));
    sale_->setItemData(sale_->count() - 1, id, SaleIdRole);
}

void OrdersView::setStaffName(const QString& name) {
    actions_->setStaffName(name);
}

std::optional<Order> OrdersView::selectedOrder() const {
    const auto current = table_->selectionModel()->currentIndex();
    if (!current.isValid())
        return std::nullopt;
    return model_.order(filter_.mapToSource(current).row());
}

bool OrdersView::selectOrder(const QString& orderId) {
    const int row = model_.rowOf(orderId);
    if (row < 0)
        return false;
    const auto shown = filter_.mapFromSource(model_.index(row, 0));
    if (!shown.isValid())
        return false;
    table_->selectionModel()->setCurrentIndex(shown, QItemSelectionModel::ClearAndSelect |
                                                         QItemSelectionModel::Rows);
    return true;
}

void OrdersView::onSelectionChanged() {
    const auto order = selectedOrder();
    actions_->setOrder(order);
    address_->setOrder(order);
    if (!order) {
        history_->clear();
        return;
    }
    if (order->orderId == history_->orderId())
        return; // the same order, e.g. moved to another row by sorting
    history_->showPending(*order);
    model_.refreshOrders({order->orderId}); // its history, and its status as it is now
}

void OrdersView::onOrderKnown(const OrderDetail& detail) {
    if (const auto order = selectedOrder(); order && order->orderId == detail.order.orderId)
        history_->showDetail(detail);
}

void OrdersView::onOrdersDue() {
    if (!following_ || ++ordersBeats_ % statusRefreshBeats != 0)
        return;
    refreshVisibleStatuses();
}

void OrdersView::refreshVisibleStatuses() {
    const int shown = filter_.rowCount();
    if (shown == 0)
        return;
    // The rows in the viewport, found from its edges; the first rows before it is laid out.
    int first = table_->rowAt(0);
    int last = table_->rowAt(table_->viewport()->height() - 1);
    if (first < 0)
        first = 0;
    if (last < 0)
        last = shown - 1;
    last = std::min({last, shown - 1, first + statusRefreshRows - 1});
    QStringList ids;
    for (int row = first; row <= last; ++row)
        ids << model_.order(filter_.mapToSource(filter_.index(row, 0)).row()).orderId;
    model_.refreshOrders(ids);
}

void OrdersView::refreshSales() {
    if (salesPending_)
        return;
    salesPending_ = true;
    client_.sales(this, [this](const ApiResult<QList<Sale>>& result) {
        salesPending_ = false;
        if (!result.ok())
            return; // the filter still offers ids seen in orders
        QHash<qint64, QString> names;
        for (const auto& sale : *result.value) {
            names.insert(sale.id, sale.name);
            addSaleChoice(sale.id, sale.name);
        }
        model_.setSaleNames(names);
    });
}

void OrdersView::refreshProducts() {
    if (productsPending_)
        return;
    productsPending_ = true;
    client_.products(this, [this](const ApiResult<QList<Product>>& result) {
        productsPending_ = false;
        if (!result.ok())
            return; // the Product column stays empty; SKUs still say what was bought
        QHash<QString, QString> names;
        for (const auto& product : *result.value)
            names.insert(product.sku, product.name);
        model_.setProductNames(names);
    });
}

void OrdersView::refreshCurrency() {
    client_.shop(this, [this](const ApiResult<ShopIdentity>& result) {
        if (result.ok())
            currency_ = result.value->currency;
    });
}

void OrdersView::applyFilters() {
    const auto mode = OrdersFilter::SaleMode(sale_->currentData(ModeRole).toInt());
    filter_.setSale(mode, sale_->currentData(SaleIdRole).toLongLong());
    filter_.setSku(sku_->text());
    filter_.setCustomer(customer_->text());
    filter_.setStatus(statusFilter_->currentData().toString());
    filter_.setTimeRange(fromEnabled_->isChecked() ? from_->dateTime() : QDateTime(),
                         toEnabled_->isChecked() ? to_->dateTime() : QDateTime());
    updateTotals();
}

void OrdersView::updateTotals() {
    // Rows arrive a page at a time and each insert signals; summing once per event-loop turn
    // keeps 200,000 rows from being summed 200 times in a row.
    if (std::exchange(totalsQueued_, true))
        return;
    QTimer::singleShot(0, this, [this] {
        totalsQueued_ = false;
        totals_->setText(totalsText());
    });
}

QString OrdersView::totalsText() const {
    const auto totals = filter_.totals();
    return plural(totals.orders, "order", "orders") + QStringLiteral(" · ") +
           plural(totals.units, "unit", "units") + QStringLiteral(" · ") +
           groupedCents(totals.revenueCents);
}

void OrdersView::updateStatus() {
    QStringList parts;
    if (!model_.loaded())
        parts << tr("Loading… %1 so far").arg(groupedNumber(model_.rowCount()));
    if (model_.dropped() > 0)
        parts << tr("Showing the newest %1 orders; %2 older ones are not shown")
                     .arg(groupedNumber(model_.capacity()), groupedNumber(model_.dropped()));
    if (!lastError_.isEmpty())
        parts << tr("Could not load orders: %1").arg(lastError_);
    if (!exported_.isEmpty())
        parts << exported_;
    status_->setText(parts.join(QStringLiteral(" · ")));
}

bool OrdersView::exportCsv(const QString& path, const QString& currency) {
    // QSaveFile: a failed export never leaves a half-written file in place of a good one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QString text = QStringLiteral("order_id,created_at,sku,product,quantity,unit_price,total,"
                                  "currency,customer,sale_id,sale,ship_name,ship_line1,"
                                  "ship_line2,ship_city,ship_postal_code,ship_country\r\n");
    const int rows = filter_.rowCount();
    for (int row = 0; row < rows; ++row) {
        const Order& order = model_.order(filter_.mapToSource(filter_.index(row, 0)).row());
        const auto ship = order.shipping.value_or(ShippingAddress{});
        // Amounts as spreadsheets read them (a dot, two decimals), not cents.
        const QStringList fields{
            order.orderId,
            order.createdAt.toUTC().toString(Qt::ISODate),
            order.sku,
            model_.productName(order.sku),
            QString::number(order.quantity),
            formatPrice(order.unitPriceCents),
            formatPrice(order.totalCents),
            currency,
            spreadsheetText(order.customer),
            order.saleId ? QString::number(*order.saleId) : QString(),
            model_.saleName(order.saleId),
            spreadsheetText(ship.name),
            spreadsheetText(ship.line1),
            spreadsheetText(ship.line2),
            spreadsheetText(ship.city),
            spreadsheetText(ship.postalCode),
            ship.country,
        };
        QStringList quoted;
        for (const auto& field : fields)
            quoted << csvField(field);
        text += quoted.join(QLatin1Char(',')) + QStringLiteral("\r\n");
    }
    return file.write(text.toUtf8()) >= 0 && file.commit();
}

void OrdersView::exportToChosenFile() {
    refreshCurrency(); // the owner may have changed it since; answered while the dialog is open
    const auto path = chooseFileToSave(this, tr("Export orders"), QStringLiteral("orders.csv"),
                                       tr("CSV files (*.csv);;All files (*)"));
    if (!path.isEmpty())
        saveExport(path);
}

bool OrdersView::saveExport(const QString& path) {
    const auto shown = QDir::toNativeSeparators(path);
    const bool saved = exportCsv(path, currency_);
    // Also on the status line, where it stays readable (and selectable) after the box is closed.
    exported_ =
        saved ? tr("Exported %1 to %2").arg(plural(filter_.rowCount(), "order", "orders"), shown)
              : QString();
    updateStatus();
    // Not exec(): the export may come from the File menu with another screen in front, and the
    // console keeps following the shop while the box is open.
    auto* box = new QMessageBox(
        saved ? QMessageBox::Information : QMessageBox::Warning, tr("Export orders"),
        saved ? exported_ + QLatin1Char('.') : tr("Could not write %1.").arg(shown),
        QMessageBox::Ok, this);
    box->setObjectName(QStringLiteral("exportOutcome"));
    box->setAttribute(Qt::WA_DeleteOnClose);
    box->setTextInteractionFlags(Qt::TextSelectableByMouse);
    box->open();
    return saved;
}

} // namespace topcoat::ui

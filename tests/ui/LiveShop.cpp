#include "LiveShop.h"

#include "ClientTestKit.h"
#include "tests/support/HttpClient.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace topcoat::test {

using namespace topcoat::ui;

LiveShop::LiveShop(QNetworkAccessManager& network) : client_(network) {}

bool LiveShop::start() {
    if (!dir_.isValid()) {
        error_ = QStringLiteral("no temporary directory: ") + dir_.errorString();
        return false;
    }
    server_ = std::make_unique<TopcoatdProcess>(dir_.filePath(QStringLiteral("data")));
    if (!server_->start()) {
        error_ = server_->error();
        return false;
    }
    client_.setServer(adminUrl(), QString::fromStdString(server_->adminToken()));
    return true;
}

QUrl LiveShop::adminUrl() const {
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server_->adminPort()));
}

QString LiveShop::freshSku(const char* prefix) {
    return QStringLiteral("%1-%2")
        .arg(QLatin1StringView(prefix))
        .arg(++skuCounter_, 3, 10, QLatin1Char('0'));
}

QString LiveShop::addProduct(const char* prefix, qint64 priceCents, qint64 stock) {
    const ProductDraft draft{freshSku(prefix), QStringLiteral("Test shade"),
                             QStringLiteral("#336699"), priceCents, stock};
    const auto created =
        await<Product>([&](QObject* c, auto done) { client_.createProduct(draft, c, done); });
    return created && created->ok() ? draft.sku : QString();
}

QString LiveShop::checkout(const QString& sku, int quantity, const QString& customer) {
    HttpClient shop("127.0.0.1", server_->port());
    const QJsonObject body{{"sku", sku}, {"quantity", quantity}, {"customer", customer}};
    const auto result = shop.post("/api/checkout",
                                  QJsonDocument(body).toJson(QJsonDocument::Compact).toStdString());
    if (result.status != 201)
        return {};
    return QString::fromStdString(result.json()->getValue<std::string>("order_id"));
}

std::optional<ApiResult<Sale>> LiveShop::createSale(const QString& sku, qint64 salePriceCents,
                                                    qint64 startOffsetSeconds,
                                                    qint64 lengthSeconds) {
    // Whole seconds, as the wire carries them, so times compare equal after a round trip.
    const auto now = QDateTime::fromSecsSinceEpoch(QDateTime::currentSecsSinceEpoch(), Qt::UTC);
    SaleDraft draft;
    draft.name = QStringLiteral("Sale of ") + sku;
    draft.startsAt = now.addSecs(startOffsetSeconds);
    draft.endsAt = draft.startsAt.addSecs(lengthSeconds);
    draft.perCustomerLimit = 2;
    draft.items = {SaleItem{sku, salePriceCents, 0}};
    return await<Sale>([&](QObject* c, auto done) { client_.createSale(draft, c, done); });
}

std::optional<Product> LiveShop::findProduct(const QString& sku) {
    const auto all =
        await<QList<Product>>([&](QObject* c, auto done) { client_.products(c, done); });
    if (all && all->ok())
        for (const auto& product : *all->value)
            if (product.sku == sku)
                return product;
    return std::nullopt;
}

std::optional<Sale> LiveShop::findSale(qint64 id) {
    const auto all = await<QList<Sale>>([&](QObject* c, auto done) { client_.sales(c, done); });
    if (all && all->ok())
        for (const auto& sale : *all->value)
            if (sale.id == id)
                return sale;
    return std::nullopt;
}

} // namespace topcoat::test

#include "AdminClient.h"

#include "CertificateTrust.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSslConfiguration>
#include <QTimer>
#include <memory>

namespace topcoat::ui {
namespace {

// Sent with every request (STYLE.md 12): the version of server/API.md this client speaks.
constexpr auto apiVersion = "1";

using RawResult = ApiResult<QJsonObject>;

RawResult failure(int status, const QString& code, const QString& message) {
    RawResult result;
    result.error = ApiError{status, code, message};
    return result;
}

// A 2xx JSON object that is not the documented shape: the server answered, but not in a way
// this console understands (e.g. another API version). Reported as status 200: send() hands the
// typed layer only the body of a success, not its exact status.
ApiError badResponse() {
    return ApiError{200, QStringLiteral("bad_response"),
                    QStringLiteral("the server's answer is not the documented JSON shape")};
}

// A handshake the client refused because the certificate is not trusted.
struct CertificateRefusal {
    QSslCertificate certificate;
    QString reasons; // Qt's words for each error, e.g. "The certificate is self-signed"
};

// Turns a finished reply into the body object or an ApiError. Transport failures have no HTTP
// status; anything that is not a JSON object is reported as code "network" too.
RawResult interpretReply(QNetworkReply& reply, int timeoutMs,
                         const std::optional<CertificateRefusal>& refusal) {
    if (refusal)
        return failure(0, QStringLiteral("untrusted_certificate"),
                       QStringLiteral("the server's certificate is not trusted (%1); its SHA-256 "
                                      "fingerprint is %2")
                           .arg(refusal->reasons, sha256Fingerprint(refusal->certificate)));
    const auto statusAttribute = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute);
    if (!statusAttribute.isValid()) {
        // setTransferTimeout aborts the transfer, which Qt reports as a cancellation.
        const auto message = reply.error() == QNetworkReply::OperationCanceledError
                                 ? QStringLiteral("no answer within %1 ms").arg(timeoutMs)
                                 : reply.errorString();
        return failure(0, QStringLiteral("network"), message);
    }
    const int status = statusAttribute.toInt();
    QJsonParseError parseError;
    const auto document = QJsonDocument::fromJson(reply.readAll(), &parseError);
    const bool isObject = parseError.error == QJsonParseError::NoError && document.isObject();

    if (status == 401) // whatever the body says: the console must ask for a new token
        return failure(401, QStringLiteral("unauthorized"),
                       isObject ? document.object()
                                      .value(QLatin1StringView("error"))
                                      .toObject()
                                      .value(QLatin1StringView("message"))
                                      .toString(QStringLiteral("wrong admin token"))
                                : QStringLiteral("wrong admin token"));
    if (status >= 200 && status < 300) {
        if (!isObject)
            return failure(status, QStringLiteral("network"),
                           QStringLiteral("HTTP %1 with a body that is not a JSON object: %2")
                               .arg(status)
                               .arg(parseError.errorString()));
        RawResult result;
        result.value = document.object();
        return result;
    }
    const auto error = document.object().value(QLatin1StringView("error")).toObject();
    const auto code = error.value(QLatin1StringView("code"));
    if (!isObject || !code.isString())
        return failure(status, QStringLiteral("network"),
                       QStringLiteral("HTTP %1 without an API error body").arg(status));
    return failure(status, code.toString(), error.value(QLatin1StringView("message")).toString());
}

// Adapts a typed callback to the raw one: parses the body with `parse` on success.
template <typename T, typename Parse>
std::function<void(const RawResult&)> typed(AdminClient::Callback<T> done, Parse parse) {
    return [done = std::move(done), parse](const RawResult& raw) {
        ApiResult<T> result;
        if (!raw.ok())
            result.error = raw.error;
        else if (auto parsed = parse(*raw.value))
            result.value = std::move(*parsed);
        else
            result.error = badResponse();
        done(result);
    };
}

// {"<key>": [T…]} with every element accepted by `parse`.
template <typename T, typename Parse> auto listOf(const char* key, Parse parse) {
    return [key, parse](const QJsonObject& json) -> std::optional<QList<T>> {
        const auto array = json.value(QLatin1StringView(key));
        if (!array.isArray())
            return std::nullopt;
        QList<T> list;
        for (const auto& element : array.toArray()) {
            auto parsed = element.isObject() ? parse(element.toObject()) : std::nullopt;
            if (!parsed)
                return std::nullopt;
            list.append(std::move(*parsed));
        }
        return list;
    };
}

std::optional<OrderPage> parseOrderPage(const QJsonObject& json) {
    auto orders = listOf<Order>("orders", parseOrder)(json);
    const auto next = json.value(QLatin1StringView("next"));
    // The cursor is a decimal string, null on the last page (server/API.md).
    if (!orders || !(next.isString() || next.isNull()))
        return std::nullopt;
    OrderPage page;
    page.orders = std::move(*orders);
    if (next.isString())
        page.next = next.toString();
    if (const auto last = json.value(QLatin1StringView("last")); last.isString())
        page.last = last.toString();
    return page;
}

QByteArray compact(const QJsonObject& json) {
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

// RFC 3339 in UTC, whole seconds: "2026-11-22T18:00:00Z".
QString rfc3339(const QDateTime& time) {
    return time.toUTC().toString(Qt::ISODate);
}

QString segment(const QString& text) {
    return QString::fromLatin1(QUrl::toPercentEncoding(text));
}

// The body of POST /admin/sales, which PUT /admin/sales/{id} takes too.
QByteArray saleBody(const SaleDraft& draft) {
    QJsonArray items;
    for (const auto& item : draft.items)
        items.append(QJsonObject{{QStringLiteral("sku"), item.sku},
                                 {QStringLiteral("sale_price_cents"), item.salePriceCents}});
    return compact(QJsonObject{{QStringLiteral("name"), draft.name},
                               {QStringLiteral("starts_at"), rfc3339(draft.startsAt)},
                               {QStringLiteral("ends_at"), rfc3339(draft.endsAt)},
                               {QStringLiteral("per_customer_limit"), draft.perCustomerLimit},
                               {QStringLiteral("items"), items}});
}

} // namespace

AdminClient::AdminClient(QNetworkAccessManager& network, QObject* parent)
    : QObject(parent), network_(network) {}

void AdminClient::setServer(const QUrl& adminUrl, const QString& token) {
    url_ = adminUrl;
    token_ = token;
    network_.clearConnectionCache(); // a kept-alive connection would still reach the old one
}

void AdminClient::setTls(const TlsSettings& tls) {
    tls_ = tls;
    // Connections already open were accepted (or refused) under the old settings.
    network_.clearConnectionCache();
}

void AdminClient::send(const QByteArray& method, const QString& path, const QByteArray& body,
                       QObject* context, std::function<void(const RawResult&)> done) {
    if (!context)
        context = this;
    if (!url_.isValid() || url_.isEmpty()) {
        // Still asynchronous, so callers see one calling convention whatever happens.
        QTimer::singleShot(0, context, [done = std::move(done)] {
            done(failure(0, QStringLiteral("network"), QStringLiteral("no server configured")));
        });
        return;
    }

    // `path` is already percent-encoded and may carry a query; keep any base path of the URL.
    QUrl target = url_;
    const auto query = path.indexOf(QLatin1Char('?'));
    auto base = url_.path(QUrl::FullyEncoded);
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    target.setPath(base + path.left(query), QUrl::TolerantMode);
    target.setQuery(query < 0 ? QString() : path.mid(query + 1), QUrl::TolerantMode);

    QNetworkRequest request(target);
    request.setRawHeader("Authorization", "Bearer " + token_.toUtf8());
    request.setRawHeader("Accept", "application/json");
    request.setRawHeader("X-Topcoat-Api", apiVersion);
    request.setTransferTimeout(timeoutMs_);
    if (!tls_.clientCertificate.isNull()) {
        auto ssl = QSslConfiguration::defaultConfiguration();
        ssl.setLocalCertificate(tls_.clientCertificate);
        ssl.setPrivateKey(tls_.clientKey);
        request.setSslConfiguration(ssl);
    }
    QNetworkReply* reply = nullptr;
    if (method == "GET") {
        reply = network_.get(request);
    } else if (method == "DELETE") {
        reply = network_.deleteResource(request);
    } else {
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          QStringLiteral("application/json; charset=utf-8"));
        reply = network_.sendCustomRequest(request, method, body);
    }

    // Set when the handshake is refused, before the reply finishes with its transport error.
    auto refusal = std::make_shared<std::optional<CertificateRefusal>>();
    connect(reply, &QNetworkReply::sslErrors, this,
            [reply, refusal, pinned = tls_.pinnedFingerprint](const QList<QSslError>& errors) {
                const auto peer = reply->sslConfiguration().peerCertificate();
                if (trustedByPin(errors, peer, pinned)) {
                    reply->ignoreSslErrors(errors);
                    return;
                }
                QStringList reasons;
                for (const auto& error : errors)
                    reasons.append(error.errorString());
                *refusal = CertificateRefusal{peer, reasons.join(QStringLiteral("; "))};
            });

    // Interpreted once: by the client's connection, made first so it runs first, or by the
    // caller's when the client is gone.
    auto result = std::make_shared<std::optional<RawResult>>();
    const int timeoutMs = timeoutMs_;
    // Bookkeeping belongs to the client and runs even when the caller's context is gone.
    connect(reply, &QNetworkReply::finished, this,
            [this, server = url_, reply, result, refusal, timeoutMs] {
                *result = interpretReply(*reply, timeoutMs, *refusal);
                reply->deleteLater();
                const auto& error = (*result)->error;
                const bool answered = !error || error->status != 0; // any HTTP answer: reachable
                const bool changed = answered != reachable_;
                reachable_ = answered;
                // A slot may delete the client (e.g. the console replacing it after a 401).
                const QPointer<AdminClient> self(this);
                if (changed)
                    emit connectionChanged(answered);
                if (self && error && error->status == 401)
                    emit unauthorized();
                if (self && *refusal)
                    emit untrustedCertificate(server, (*refusal)->certificate);
            });
    // With `context` as receiver Qt drops the callback once the context is destroyed.
    connect(reply, &QNetworkReply::finished, context,
            [reply, result, refusal, timeoutMs, done = std::move(done)] {
                if (!*result) { // the client is gone, and its cleanup with it
                    *result = interpretReply(*reply, timeoutMs, *refusal);
                    reply->deleteLater();
                }
                done(**result);
            });
}

void AdminClient::status(QObject* context, Callback<ServerStatus> done) {
    send("GET", QStringLiteral("/admin/status"), {}, context, typed(std::move(done), parseStatus));
}

void AdminClient::cluster(QObject* context, Callback<ClusterInfo> done) {
    send("GET", QStringLiteral("/admin/cluster"), {}, context,
         typed(std::move(done), parseCluster));
}

void AdminClient::stats(qint64 sinceMs, QObject* context, Callback<Stats> done) {
    const auto path = sinceMs > 0 ? QStringLiteral("/admin/stats?since=%1").arg(sinceMs)
                                  : QStringLiteral("/admin/stats");
    send("GET", path, {}, context, typed(std::move(done), parseStats));
}

void AdminClient::products(QObject* context, Callback<QList<Product>> done) {
    send("GET", QStringLiteral("/admin/products"), {}, context,
         typed(std::move(done), listOf<Product>("products", parseProduct)));
}

void AdminClient::createProduct(const ProductDraft& draft, QObject* context,
                                Callback<Product> done) {
    const QJsonObject body{{QStringLiteral("sku"), draft.sku},
                           {QStringLiteral("name"), draft.name},
                           {QStringLiteral("shade_hex"), draft.shadeHex},
                           {QStringLiteral("price_cents"), draft.priceCents},
                           {QStringLiteral("stock"), draft.stock}};
    send("POST", QStringLiteral("/admin/products"), compact(body), context,
         typed(std::move(done), parseProduct));
}

void AdminClient::updateProduct(const QString& sku, const ProductChange& change, QObject* context,
                                Callback<Product> done) {
    QJsonObject body; // only what changes: the server keeps every field not sent
    if (change.name)
        body.insert(QStringLiteral("name"), *change.name);
    if (change.shadeHex)
        body.insert(QStringLiteral("shade_hex"), *change.shadeHex);
    if (change.priceCents)
        body.insert(QStringLiteral("price_cents"), *change.priceCents);
    if (change.archived)
        body.insert(QStringLiteral("archived"), *change.archived);
    send("PUT", QStringLiteral("/admin/products/") + segment(sku), compact(body), context,
         typed(std::move(done), parseProduct));
}

void AdminClient::restock(const QString& sku, qint64 quantity, QObject* context,
                          Callback<Product> done) {
    const QJsonObject body{{QStringLiteral("quantity"), quantity}};
    send("POST", QStringLiteral("/admin/products/%1/restock").arg(segment(sku)), compact(body),
         context, typed(std::move(done), parseProduct));
}

void AdminClient::writeOff(const QString& sku, qint64 units, const WriteOffReason& why,
                           QObject* context, Callback<Product> done) {
    QJsonObject body{{QStringLiteral("quantity"), -units}, {QStringLiteral("reason"), why.reason}};
    if (!why.note.isEmpty())
        body.insert(QStringLiteral("note"), why.note);
    send("POST", QStringLiteral("/admin/products/%1/restock").arg(segment(sku)), compact(body),
         context, typed(std::move(done), parseProduct));
}

void AdminClient::sales(QObject* context, Callback<QList<Sale>> done) {
    send("GET", QStringLiteral("/admin/sales"), {}, context,
         typed(std::move(done), listOf<Sale>("sales", parseSale)));
}

void AdminClient::createSale(const SaleDraft& draft, QObject* context, Callback<Sale> done) {
    send("POST", QStringLiteral("/admin/sales"), saleBody(draft), context,
         typed(std::move(done), parseSale));
}

void AdminClient::updateSale(qint64 id, const SaleDraft& draft, QObject* context,
                             Callback<Sale> done) {
    send("PUT", QStringLiteral("/admin/sales/%1").arg(id), saleBody(draft), context,
         typed(std::move(done), parseSale));
}

void AdminClient::cancelSale(qint64 id, QObject* context, Callback<Sale> done) {
    send("DELETE", QStringLiteral("/admin/sales/%1").arg(id), {}, context,
         typed(std::move(done), parseSale));
}

void AdminClient::orders(const QString& after, int limit, QObject* context,
                         Callback<OrderPage> done) {
    auto path = QStringLiteral("/admin/orders?limit=%1").arg(limit);
    if (!after.isEmpty())
        path += QStringLiteral("&after=") + segment(after);
    send("GET", path, {}, context, typed(std::move(done), parseOrderPage));
}

void AdminClient::orderDetail(const QString& orderId, QObject* context,
                              Callback<OrderDetail> done) {
    send("GET", QStringLiteral("/admin/orders/") + segment(orderId), {}, context,
         typed(std::move(done), parseOrderDetail));
}

void AdminClient::setOrderStatus(const QString& orderId, const OrderStatusChange& change,
                                 QObject* context, Callback<OrderDetail> done) {
    send("POST", QStringLiteral("/admin/orders/%1/status").arg(segment(orderId)),
         compact(orderStatusChangeBody(change)), context, typed(std::move(done), parseOrderDetail));
}

void AdminClient::degradation(QObject* context, Callback<DegradationState> done) {
    send("GET", QStringLiteral("/admin/degradation"), {}, context,
         typed(std::move(done), parseDegradation));
}

void AdminClient::setDegradation(const QMap<QString, bool>& features, std::optional<bool> automatic,
                                 const QString& reason, QObject* context,
                                 Callback<DegradationState> done) {
    QJsonObject body;
    if (!features.isEmpty()) {
        QJsonObject switches;
        for (auto it = features.begin(); it != features.end(); ++it)
            switches.insert(it.key(), it.value());
        body.insert(QStringLiteral("features"), switches);
    }
    if (automatic)
        body.insert(QStringLiteral("auto"), *automatic);
    if (!reason.isEmpty())
        body.insert(QStringLiteral("reason"), reason);
    send("PUT", QStringLiteral("/admin/degradation"), compact(body), context,
         typed(std::move(done), parseDegradation));
}

void AdminClient::logs(qint64 afterId, int limit, QObject* context, Callback<LogPage> done) {
    send("GET", QStringLiteral("/admin/logs?after=%1&limit=%2").arg(afterId).arg(limit), {},
         context, typed(std::move(done), parseLogPage));
}

// ---- Flash-sale protection ----

namespace {

// The PUT body: only the parts of server/API.md's shape that `change` sets.
QJsonObject protectionBody(const ProtectionChange& change) {
    const auto put = [](QJsonObject& object, const char* key, const auto& value) {
        if (value)
            object.insert(QLatin1StringView(key), *value);
    };
    const auto strings = [](const QStringList& list) {
        return QJsonArray::fromStringList(list);
    };
    const auto nest = [](QJsonObject& body, const char* key, const QJsonObject& part) {
        if (!part.isEmpty())
            body.insert(QLatin1StringView(key), part);
    };

    QJsonObject rate;
    put(rate, "per_second", change.perSecond);
    put(rate, "burst", change.burst);
    QJsonObject room;
    put(room, "enabled", change.waitingRoomEnabled);
    put(room, "admit_per_minute", change.admitPerMinute);
    put(room, "randomize_before_open", change.randomizeBeforeOpen);
    put(room, "pass_seconds", change.passSeconds);
    QJsonObject automatic;
    put(automatic, "p99_ms_high", change.p99MsHigh);
    put(automatic, "p99_ms_low", change.p99MsLow);
    put(automatic, "in_flight_high", change.inFlightHigh);
    put(automatic, "in_flight_low", change.inFlightLow);
    put(automatic, "seconds_before_off", change.secondsBeforeOff);
    put(automatic, "seconds_before_on", change.secondsBeforeOn);
    if (change.featureOrder)
        automatic.insert(QStringLiteral("order"), strings(*change.featureOrder));

    QJsonObject body;
    nest(body, "client_rate", rate);
    put(body, "max_in_flight", change.maxInFlight);
    nest(body, "waiting_room", room);
    if (change.trustedProxies)
        body.insert(QStringLiteral("trusted_proxies"), strings(*change.trustedProxies));
    nest(body, "auto_degradation", automatic);
    return body;
}

} // namespace

void AdminClient::protection(QObject* context, Callback<ProtectionSettings> done) {
    send("GET", QStringLiteral("/admin/protection"), {}, context,
         typed(std::move(done), parseProtection));
}

void AdminClient::setProtection(const ProtectionChange& change, QObject* context,
                                Callback<ProtectionSettings> done) {
    send("PUT", QStringLiteral("/admin/protection"), compact(protectionBody(change)), context,
         typed(std::move(done), parseProtection));
}

// ---- end of protection ----

// ---- Order events: webhooks and the outbox ----

namespace {

// {"<key>": true}, the answer of a route that only confirms.
auto confirmed(const char* key) {
    return [key](const QJsonObject& json) -> std::optional<bool> {
        const auto value = json.value(QLatin1StringView(key));
        if (!value.isBool())
            return std::nullopt;
        return value.toBool();
    };
}

} // namespace

void AdminClient::webhooks(QObject* context, Callback<QList<Webhook>> done) {
    send("GET", QStringLiteral("/admin/webhooks"), {}, context,
         typed(std::move(done), listOf<Webhook>("webhooks", parseWebhook)));
}

void AdminClient::addWebhook(const QString& url, const QStringList& events, QObject* context,
                             Callback<Webhook> done) {
    QJsonObject body{{QStringLiteral("url"), url}};
    if (!events.isEmpty())
        body.insert(QStringLiteral("events"), QJsonArray::fromStringList(events));
    send("POST", QStringLiteral("/admin/webhooks"), compact(body), context,
         typed(std::move(done), parseWebhook));
}

void AdminClient::removeWebhook(qint64 id, QObject* context, Callback<bool> done) {
    send("DELETE", QStringLiteral("/admin/webhooks/%1").arg(id), {}, context,
         typed(std::move(done), confirmed("removed")));
}

void AdminClient::outbox(const QString& state, const QString& before, int limit, QObject* context,
                         Callback<OutboxPage> done) {
    auto path = QStringLiteral("/admin/outbox?limit=%1").arg(limit);
    if (!state.isEmpty())
        path += QStringLiteral("&state=") + segment(state);
    if (!before.isEmpty())
        path += QStringLiteral("&before=") + segment(before);
    send("GET", path, {}, context, typed(std::move(done), parseOutboxPage));
}

void AdminClient::retryDelivery(qint64 eventId, const QString& target, QObject* context,
                                Callback<bool> done) {
    const QJsonObject body{{QStringLiteral("event_id"), eventId},
                           {QStringLiteral("target"), target}};
    send("POST", QStringLiteral("/admin/outbox/retry"), compact(body), context,
         typed(std::move(done), confirmed("retried")));
}

// ---- end of order events ----

// ---- The shop's identity ----

void AdminClient::shop(QObject* context, Callback<ShopIdentity> done) {
    send("GET", QStringLiteral("/admin/shop"), {}, context,
         typed(std::move(done), parseShopIdentity));
}

void AdminClient::setShop(const ShopIdentity& identity, bool withLogo, QObject* context,
                          Callback<ShopIdentity> done) {
    send("PUT", QStringLiteral("/admin/shop"), compact(shopIdentityBody(identity, withLogo)),
         context, typed(std::move(done), parseShopIdentity));
}

void AdminClient::shopCurrencies(QObject* context, Callback<QStringList> done) {
    send("GET", QStringLiteral("/admin/shop/currencies"), {}, context,
         typed(std::move(done), parseShopCurrencies));
}

// ---- end of the shop's identity ----

// ---- Order e-mails ----

void AdminClient::mail(QObject* context, Callback<MailSettings> done) {
    send("GET", QStringLiteral("/admin/mail"), {}, context,
         typed(std::move(done), parseMailSettings));
}

void AdminClient::setMailTemplate(const QString& kind, const MailTemplate& mailTemplate,
                                  QObject* context, Callback<MailSettings> done) {
    send("PUT", QStringLiteral("/admin/mail/templates/") + segment(kind),
         compact(mailTemplateBody(mailTemplate)), context,
         typed(std::move(done), parseMailSettings));
}

void AdminClient::resetMailTemplate(const QString& kind, QObject* context,
                                    Callback<MailSettings> done) {
    send("DELETE", QStringLiteral("/admin/mail/templates/") + segment(kind), {}, context,
         typed(std::move(done), parseMailSettings));
}

void AdminClient::sendTestMail(const QString& to, const QString& kind, QObject* context,
                               Callback<bool> done) {
    const QJsonObject body{{QStringLiteral("to"), to}, {QStringLiteral("kind"), kind}};
    send("POST", QStringLiteral("/admin/mail/test"), compact(body), context,
         typed(std::move(done), confirmed("sent")));
}

// ---- end of order e-mails ----

} // namespace topcoat::ui

#pragma once

// The console's one way into a storefront: its admin HTTP API, embedded or remote alike.
// Every call is asynchronous (the UI thread never waits on the network) and reports through
// a callback run on the caller's thread, only while `context` is alive.

#include "ApiTypes.h"
#include "MailTypes.h"
#include "OrderLife.h"
#include "OutboxTypes.h"
#include "ShopIdentityTypes.h"

#include <QNetworkAccessManager>
#include <QObject>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>
#include <functional>

namespace topcoat::ui {

// How an https:// server is trusted, and what the console shows it (CertificateTrust.h).
struct TlsSettings {
    // A certificate the owner confirmed by fingerprint; one signed by an authority this
    // computer trusts needs none.
    QString pinnedFingerprint;
    // Presented when the server asks for one, as the admin nginx site does (client certificates
    // signed by the shop's own CA).
    QSslCertificate clientCertificate;
    QSslKey clientKey;
};

class AdminClient : public QObject {
    Q_OBJECT

public:
    template <typename T> using Callback = std::function<void(const ApiResult<T>&)>;

    AdminClient(QNetworkAccessManager& network, QObject* parent = nullptr);

    // e.g. http://127.0.0.1:8081 and the bearer token. Calls made before this fail at once.
    void setServer(const QUrl& adminUrl, const QString& token);
    QUrl serverUrl() const { return url_; }
    // For https:// servers; takes effect for the next request (open connections are dropped).
    void setTls(const TlsSettings& tls);
    const TlsSettings& tls() const { return tls_; }
    // Requests taking longer than this fail with code "network" (default 10 s).
    void setTimeout(int milliseconds) { timeoutMs_ = milliseconds; }

    void status(QObject* context, Callback<ServerStatus> done);
    // Every storefront of the shop (this one alone without a shared Redis).
    void cluster(QObject* context, Callback<ClusterInfo> done);
    // sinceMs: only series samples with t > sinceMs (0: the whole history).
    void stats(qint64 sinceMs, QObject* context, Callback<Stats> done);
    void products(QObject* context, Callback<QList<Product>> done);
    void createProduct(const ProductDraft& draft, QObject* context, Callback<Product> done);
    void updateProduct(const QString& sku, const ProductChange& change, QObject* context,
                       Callback<Product> done);
    void restock(const QString& sku, qint64 quantity, QObject* context, Callback<Product> done);
    // Takes `units` (> 0) away, saying why; the server stores the reason with the movement.
    void writeOff(const QString& sku, qint64 units, const WriteOffReason& why, QObject* context,
                  Callback<Product> done);
    void sales(QObject* context, Callback<QList<Sale>> done);
    void createSale(const SaleDraft& draft, QObject* context, Callback<Sale> done);
    // Replaces every field of a scheduled sale with the draft's (the server refuses the edit of
    // a sale that is live, ended or cancelled with "sale_not_editable").
    void updateSale(qint64 id, const SaleDraft& draft, QObject* context, Callback<Sale> done);
    void cancelSale(qint64 id, QObject* context, Callback<Sale> done);
    // after: the cursor of the previous page ("" for the first); limit 1..1000.
    void orders(const QString& after, int limit, QObject* context, Callback<OrderPage> done);
    // One order as it is now, with its moves (404 "unknown_order").
    void orderDetail(const QString& orderId, QObject* context, Callback<OrderDetail> done);
    // Moves an order on; 409 "invalid_transition" when its status does not allow the move.
    void setOrderStatus(const QString& orderId, const OrderStatusChange& change, QObject* context,
                        Callback<OrderDetail> done);
    void degradation(QObject* context, Callback<DegradationState> done);
    // Only the features named in `features` change; `automatic` unchanged when nullopt.
    void setDegradation(const QMap<QString, bool>& features, std::optional<bool> automatic,
                        const QString& reason, QObject* context, Callback<DegradationState> done);
    void logs(qint64 afterId, int limit, QObject* context, Callback<LogPage> done);

    // ---- Flash-sale protection ----
    void protection(QObject* context, Callback<ProtectionSettings> done);
    // Sends only the fields set in `change`; the answer is the settings now in force.
    void setProtection(const ProtectionChange& change, QObject* context,
                       Callback<ProtectionSettings> done);
    // ---- end of protection ----

    // ---- Order events: webhooks and the outbox ----
    void webhooks(QObject* context, Callback<QList<Webhook>> done);
    // `events` empty: every event type.
    void addWebhook(const QString& url, const QStringList& events, QObject* context,
                    Callback<Webhook> done);
    // Answers true once removed (404 "unknown_webhook" when there is none by that id).
    void removeWebhook(qint64 id, QObject* context, Callback<bool> done);
    // state: pending | sent | failed, "" for every state; before: the previous page's `next`
    // ("" for the newest); limit 1..500.
    void outbox(const QString& state, const QString& before, int limit, QObject* context,
                Callback<OutboxPage> done);
    // A failed delivery pending again (404 "unknown_delivery" unless it is failed).
    void retryDelivery(qint64 eventId, const QString& target, QObject* context,
                       Callback<bool> done);
    // ---- end of order events ----

    // ---- The shop's identity ----
    void shop(QObject* context, Callback<ShopIdentity> done);
    // Replaces every field with the identity's (the logo only when `withLogo`); the answer is
    // the identity now in effect.
    void setShop(const ShopIdentity& identity, bool withLogo, QObject* context,
                 Callback<ShopIdentity> done);
    // The currency codes the server accepts, sorted.
    void shopCurrencies(QObject* context, Callback<QStringList> done);
    // ---- end of the shop's identity ----

    // ---- Order e-mails ----
    void mail(QObject* context, Callback<MailSettings> done);
    // Replaces one kind's template (400 "invalid_request" naming a bad placeholder; nothing
    // changes then); the answer is the whole mail setup as it is now.
    void setMailTemplate(const QString& kind, const MailTemplate& mailTemplate, QObject* context,
                         Callback<MailSettings> done);
    // That kind is the server's default again.
    void resetMailTemplate(const QString& kind, QObject* context, Callback<MailSettings> done);
    // Sends that kind, filled with a sample order, to `to` now; true once the mail server took
    // it (409 "mail_not_configured" without --smtp, 502 "mail_not_sent" with its reason).
    void sendTestMail(const QString& to, const QString& kind, QObject* context,
                      Callback<bool> done);
    // ---- end of order e-mails ----

signals:
    // Any call answered 401: the token is wrong (the console asks for a new one).
    void unauthorized();
    // A call failed for lack of a connection, or succeeded again after failures.
    void connectionChanged(bool reachable);
    // A call was refused because the server's certificate is not trusted (code
    // "untrusted_certificate"): the console shows its fingerprint and asks the owner.
    void untrustedCertificate(const QUrl& server, const QSslCertificate& certificate);

private:
    void send(const QByteArray& method, const QString& path, const QByteArray& body,
              QObject* context, std::function<void(const ApiResult<QJsonObject>&)> done);

    QNetworkAccessManager& network_;
    QUrl url_;
    QString token_;
    TlsSettings tls_;
    int timeoutMs_ = 10000;
    bool reachable_ = true;
};

} // namespace topcoat::ui

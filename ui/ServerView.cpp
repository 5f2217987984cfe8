#include "ServerView.h"

#include "GuideDialog.h"
#include "NodesPanel.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

QString duration(qint64 seconds) {
    const auto days = seconds / 86400;
    const auto clock = QStringLiteral("%1:%2:%3")
                           .arg(seconds / 3600 % 24, 2, 10, QLatin1Char('0'))
                           .arg(seconds / 60 % 60, 2, 10, QLatin1Char('0'))
                           .arg(seconds % 60, 2, 10, QLatin1Char('0'));
    return days > 0 ? QObject::tr("%1 d %2").arg(days).arg(clock) : clock;
}

} // namespace

ServerView::ServerView(QWidget* parent)
    : QWidget(parent), stopButton_(new QPushButton(tr("Stop storefront"), this)),
      startButton_(new QPushButton(tr("Start storefront"), this)),
      attachButton_(new QPushButton(tr("Attach to a topcoatd…"), this)),
      embeddedButton_(new QPushButton(tr("Use the embedded storefront"), this)),
      nodes_(new NodesPanel(this)), nodesNote_(new QLabel(this)) {
    auto* form = new QFormLayout;
    form->setLabelAlignment(Qt::AlignRight);
    const std::pair<const char*, QString> rows[] = {
        {"mode", tr("Managing")},       {"storefront", tr("Storefront")},
        {"customers", tr("Customers")}, {"admin", tr("Admin API")},
        {"security", tr("Connection")}, {"state", tr("State")},
        {"version", tr("Version")},     {"uptime", tr("Uptime")},
        {"started", tr("Started")},     {"database", tr("Database")},
        {"size", tr("Database size")},  {"durability", tr("Durability")},
        {"products", tr("Products")},   {"sale", tr("Sale")},
    };
    for (const auto& [name, title] : rows)
        form->addRow(title + QLatin1Char(':'), addField(QString::fromLatin1(name), title));
    auto* customers = fields_["customers"];
    customers->setWordWrap(true);
    customers->setTextFormat(Qt::RichText);
    customers->setTextInteractionFlags(Qt::TextBrowserInteraction);
    customers->setOpenExternalLinks(false);
    connect(customers, &QLabel::linkActivated, this, [this](const QString& link) {
        if (link == QLatin1String("guide")) {
            auto* guide = new GuideDialog(tr("Put your shop online"), this);
            guide->setAttribute(Qt::WA_DeleteOnClose);
            guide->show();
        } else if (link == QLatin1String("public-url")) {
            onSetPublicUrl();
        }
    });
    fields_["security"]->setWordWrap(true);

    auto* buttons = new QHBoxLayout;
    for (auto* button : {stopButton_, startButton_, attachButton_, embeddedButton_})
        buttons->addWidget(button);
    buttons->addStretch();

    auto* layout = new QVBoxLayout(this);
    auto* heading = new QLabel(tr("Server"), this);
    heading->setStyleSheet(QStringLiteral("font-size: 16pt; font-weight: 600;"));
    layout->addWidget(heading);
    layout->addLayout(form);
    layout->addSpacing(12);
    auto* nodesHeading = new QLabel(tr("Nodes"), this);
    nodesHeading->setStyleSheet(QStringLiteral("font-weight: 600;"));
    layout->addWidget(nodesHeading);
    nodesNote_->setWordWrap(true);
    nodesNote_->setText(tr("Waiting for the server…"));
    layout->addWidget(nodesNote_);
    nodes_->setObjectName(QStringLiteral("serverNodes"));
    layout->addWidget(nodes_);
    layout->addSpacing(12);
    layout->addLayout(buttons);
    layout->addStretch();

    connect(stopButton_, &QPushButton::clicked, this, [this] {
        const auto answer = QMessageBox::question(
            this, tr("Stop the storefront"),
            tr("Customers will not be able to browse or buy until it is started again. "
               "Orders already confirmed are saved. Stop it?"));
        if (answer == QMessageBox::Yes)
            emit stopRequested();
    });
    connect(startButton_, &QPushButton::clicked, this, &ServerView::startRequested);
    connect(attachButton_, &QPushButton::clicked, this, &ServerView::onAttach);
    connect(embeddedButton_, &QPushButton::clicked, this, &ServerView::embeddedRequested);
    setEmbedded(true, true);
}

QLabel* ServerView::addField(const QString& name, const QString& title) {
    auto* label = new QLabel(QStringLiteral("—"), this);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setAccessibleName(title);
    fields_.insert(name, label);
    return label;
}

QString ServerView::field(const QString& name) const {
    const auto* label = fields_.value(name);
    return label ? label->text() : QString();
}

void ServerView::setEmbedded(bool embedded, bool running) {
    fields_["mode"]->setText(embedded ? tr("Embedded storefront (in this program)")
                                      : tr("Remote topcoatd"));
    stopButton_->setVisible(embedded && running);
    startButton_->setVisible(embedded && !running);
    embeddedButton_->setVisible(!embedded);
}

void ServerView::setStorefrontUrl(const QString& url) {
    fields_["storefront"]->setText(url);
}

void ServerView::setAdminUrl(const QString& url) {
    fields_["admin"]->setText(url);
}

void ServerView::setConnectionSecurity(const QString& text) {
    fields_["security"]->setText(text);
}

void ServerView::setServerHost(const QString& host) {
    serverHost_ = host;
    showReach();
}

void ServerView::setPublicUrl(const QUrl& url) {
    publicUrl_ = url;
    showReach();
}

void ServerView::showReach() {
    if (!status_)
        return;
    reach_ = describeShopReach(status_->bind, status_->storefrontPort, serverHost_, publicUrl_);
    auto text = reach_->text.toHtmlEscaped();
    if (!reach_->url.isEmpty())
        text = text.replace(reach_->url.toString().toHtmlEscaped(),
                            QStringLiteral("<a href=\"%1\">%2</a>")
                                .arg(reach_->url.toString(QUrl::FullyEncoded).toHtmlEscaped(),
                                     reach_->url.toString().toHtmlEscaped()));
    const auto action = reach_->scope == ShopReach::Scope::Entered ? tr("Change the address")
                                                                   : tr("Enter the public address");
    fields_["customers"]->setText(
        QStringLiteral("%1<br><a href=\"guide\">%2</a> · <a href=\"public-url\">%3</a>")
            .arg(text, tr("How to put your shop online"), action.toHtmlEscaped()));
}

void ServerView::showStatus(const std::optional<ServerStatus>& status,
                            const std::optional<ApiError>& failure) {
    if (status) {
        status_ = status;
        showReach();
    }
    if (!status) {
        const auto code = failure ? failure->code : QString();
        fields_["state"]->setText(code == QLatin1String("untrusted_certificate")
                                      ? tr("refused: the server's certificate is not trusted")
                                  : code == QLatin1String("unauthorized")
                                      ? tr("refusing the admin token")
                                      : tr("not answering"));
        fields_["state"]->setStyleSheet(QStringLiteral("color: #c62828;"));
        return;
    }
    const QLocale locale;
    fields_["state"]->setText(status->ready ? tr("serving") : tr("starting or stopping"));
    fields_["state"]->setStyleSheet(status->ready ? QStringLiteral("color: #2e7d32;")
                                                  : QStringLiteral("color: #ef6c00;"));
    fields_["version"]->setText(status->version);
    fields_["uptime"]->setText(duration(status->uptimeSeconds));
    fields_["started"]->setText(
        locale.toString(status->startedAt.toLocalTime(), QLocale::ShortFormat));
    fields_["database"]->setText(status->databasePath);
    fields_["size"]->setText(locale.formattedDataSize(status->databaseBytes));
    fields_["durability"]->setText(status->durability == QLatin1String("power")
                                       ? tr("power loss safe (fsync per commit)")
                                       : tr("crash safe (kill -9)"));
    fields_["products"]->setText(QString::number(status->products));
    const auto& sale = status->liveSale ? status->liveSale : status->nextSale;
    fields_["sale"]->setText(sale ? tr("%1 (%2)").arg(sale->name, status->saleState)
                                  : tr("none scheduled"));
    if (fields_["storefront"]->text() == QStringLiteral("—"))
        fields_["storefront"]->setText(
            QStringLiteral("http://%1:%2").arg(status->bind).arg(status->storefrontPort) +
            (serverHost_.isEmpty() ? QString() : tr(" (as the server sees it)")));
}

QString ServerView::nodesNote() const {
    return nodesNote_->text();
}

void ServerView::showCluster(const std::optional<ClusterInfo>& cluster,
                             const std::optional<ApiError>& failure) {
    if (cluster) {
        nodes_->showCluster(*cluster);
        nodesNote_->setText(
            cluster->nodes.size() == 1
                ? tr("This storefront alone: others appear here when they share its Redis "
                     "(--inventory redis://…).")
                : tr("%1 of %2 nodes up. Figures are each node's last second; the totals add "
                     "up the nodes that are up.")
                      .arg(cluster->totals.nodesUp)
                      .arg(cluster->nodes.size()));
        return;
    }
    nodes_->setLive(false);
    nodesNote_->setText(failure && failure->status == 404
                            ? tr("This server does not list its nodes (a version before "
                                 "GET /admin/cluster).")
                            : tr("Not answering: the nodes as last reported."));
}

void ServerView::onAttach() {
    AttachDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        emit attachRequested(dialog.request());
}

void ServerView::onSetPublicUrl() {
    bool ok = false;
    const auto text = QInputDialog::getText(
        this, tr("Where customers reach the shop"),
        tr("The public address of the shop, e.g. https://shop.example (empty: none):"),
        QLineEdit::Normal, publicUrl_.toString(), &ok);
    if (!ok)
        return;
    const QUrl url(text.trimmed());
    if (!text.trimmed().isEmpty() &&
        (!url.isValid() || url.host().isEmpty() ||
         (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))) {
        QMessageBox::warning(this, tr("Where customers reach the shop"),
                             tr("That is not an https:// (or http://) address."));
        return;
    }
    emit publicUrlEntered(text.trimmed().isEmpty() ? QUrl() : url);
}

} // namespace topcoat::ui

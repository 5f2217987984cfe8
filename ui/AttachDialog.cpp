#include "AttachDialog.h"

#include "FileDialogs.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {

QString adminUrlProblem(const QUrl& url) {
    const auto scheme = url.scheme();
    if (!url.isValid() || (scheme != QLatin1String("http") && scheme != QLatin1String("https")) ||
        url.host().isEmpty())
        return QObject::tr("the admin URL must be an http:// or https:// URL with a host");
    return {};
}

AttachDialog::AttachDialog(QWidget* parent)
    : QDialog(parent), url_(new QLineEdit(QStringLiteral("https://"), this)),
      token_(new QLineEdit(this)), certificate_(new QLineEdit(this)), key_(new QLineEdit(this)),
      problem_(new QLabel(this)) {
    setWindowTitle(tr("Attach to a topcoatd"));
    url_->setPlaceholderText(QStringLiteral("https://shop.example:8443"));
    url_->setAccessibleName(tr("Admin URL"));
    token_->setEchoMode(QLineEdit::Password);
    token_->setAccessibleName(tr("Admin token"));
    certificate_->setPlaceholderText(tr("only if the admin site asks for one"));
    certificate_->setAccessibleName(tr("Client certificate"));
    key_->setAccessibleName(tr("Client key"));
    problem_->setStyleSheet(QStringLiteral("color: #c62828;"));
    problem_->setWordWrap(true);

    const auto withBrowse = [this](QLineEdit* field, const QString& title) {
        auto* row = new QHBoxLayout;
        row->addWidget(field);
        auto* button = new QPushButton(tr("Browse…"), this);
        connect(button, &QPushButton::clicked, this,
                [this, field, title] { browse(field, title); });
        row->addWidget(button);
        return row;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("Admin URL:"), url_);
    form->addRow(tr("Admin token:"), token_);
    form->addRow(tr("Client certificate:"), withBrowse(certificate_, tr("Client certificate")));
    form->addRow(tr("Client key:"), withBrowse(key_, tr("Client key")));

    auto* hint = new QLabel(
        tr("The token is in the server's data directory (admin-token). An https:// server "
           "whose certificate is self-signed is asked about once, by its fingerprint."),
        this);
    hint->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Attach"));
    connect(buttons, &QDialogButtonBox::accepted, this, &AttachDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(hint);
    layout->addWidget(problem_);
    layout->addWidget(buttons);
}

AttachRequest AttachDialog::request() const {
    return {QUrl(url_->text().trimmed()), token_->text().trimmed(), certificate_->text().trimmed(),
            key_->text().trimmed()};
}

QString AttachDialog::problem() const {
    const auto entered = request();
    if (auto problem = adminUrlProblem(entered.adminUrl); !problem.isEmpty())
        return problem;
    if (entered.token.isEmpty())
        return tr("the admin token is missing");
    if (entered.clientCertificatePath.isEmpty() != entered.clientKeyPath.isEmpty())
        return tr("a client certificate needs its key, and a key its certificate");
    return {};
}

void AttachDialog::browse(QLineEdit* field, const QString& title) {
    const auto path =
        chooseFileToOpen(this, title, tr("PEM files (*.pem *.crt *.key);;All files (*)"));
    if (!path.isEmpty())
        field->setText(path);
}

void AttachDialog::accept() {
    const auto why = problem();
    problem_->setText(why);
    if (why.isEmpty())
        QDialog::accept();
}

} // namespace topcoat::ui

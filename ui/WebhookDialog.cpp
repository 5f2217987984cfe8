#include "WebhookDialog.h"

#include "OutboxTypes.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {

WebhookDialog::WebhookDialog(QWidget* parent) : QDialog(parent), url_(new QLineEdit(this)) {
    setObjectName(QStringLiteral("webhookDialog"));
    setWindowTitle(tr("Add a webhook"));
    setWindowModality(Qt::WindowModal);
    url_->setObjectName(QStringLiteral("webhookUrl"));
    url_->setPlaceholderText(QStringLiteral("http://fulfilment.local/topcoat"));
    url_->setMaxLength(2048);

    auto* help = new QLabel(tr("Topcoat posts each chosen event to this address, signed with the "
                               "webhook's secret. Only http:// for now: put a proxy that adds "
                               "TLS beside the receiver, or keep it on a private network."),
                            this);
    help->setWordWrap(true);

    auto* eventsGrid = new QGridLayout;
    const auto types = orderEventTypes();
    for (int i = 0; i < types.size(); ++i) {
        auto* box = new QCheckBox(types[i], this);
        box->setObjectName(types[i]);
        box->setChecked(true);
        events_.insert(types[i], box);
        eventsGrid->addWidget(box, i / 3, i % 3);
        connect(box, &QCheckBox::toggled, this, &WebhookDialog::updateButton);
    }

    auto* form = new QFormLayout;
    form->addRow(tr("URL:"), url_);
    form->addRow(tr("Events:"), eventsGrid);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    add_ = buttons->addButton(tr("Add webhook"), QDialogButtonBox::AcceptRole);
    add_->setObjectName(QStringLiteral("addWebhookConfirm"));
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(url_, &QLineEdit::textChanged, this, &WebhookDialog::updateButton);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addLayout(form);
    layout->addWidget(buttons);
    updateButton();
}

QString WebhookDialog::url() const {
    return url_->text().trimmed();
}

QStringList WebhookDialog::events() const {
    QStringList ticked;
    for (const auto& type : orderEventTypes())
        if (events_.value(type)->isChecked())
            ticked << type;
    return ticked;
}

void WebhookDialog::updateButton() {
    // No events at all would mean "all of them" on the wire: not what an empty tick list says.
    add_->setEnabled(!url().isEmpty() && !events().isEmpty());
}

} // namespace topcoat::ui

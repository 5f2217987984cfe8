#include "RestockDialog.h"

#include "AdminClient.h"
#include "CatalogCsv.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

// The server's reasons (server/API.md), with the words the owner sees; the note's limit is its.
struct Reason {
    const char* wire;
    const char* label;
    const char* inSentence;
};
const Reason reasons[] = {
    {"damaged", QT_TRANSLATE_NOOP("RestockDialog", "Damaged"),
     QT_TRANSLATE_NOOP("RestockDialog", "as damaged")},
    {"lost", QT_TRANSLATE_NOOP("RestockDialog", "Lost"),
     QT_TRANSLATE_NOOP("RestockDialog", "as lost")},
    {"expired", QT_TRANSLATE_NOOP("RestockDialog", "Expired"),
     QT_TRANSLATE_NOOP("RestockDialog", "as expired")},
    {"other", QT_TRANSLATE_NOOP("RestockDialog", "Other"),
     QT_TRANSLATE_NOOP("RestockDialog", "for another reason")},
};
constexpr int maxNoteBytes = 200;

} // namespace

bool RestockDialog::askWithMessageBox(QWidget* parent, const QString& question) {
    return QMessageBox::question(parent, tr("Confirm change"), question,
                                 QMessageBox::Yes | QMessageBox::Cancel,
                                 QMessageBox::Cancel) == QMessageBox::Yes;
}

RestockDialog::RestockDialog(AdminClient& client, const Product& product, Mode mode,
                             Confirm confirm, QWidget* parent)
    : QDialog(parent), client_(client), product_(product), mode_(mode),
      confirm_(confirm ? std::move(confirm) : Confirm(&RestockDialog::askWithMessageBox)) {
    const bool restock = mode_ == Mode::Restock;
    setWindowTitle(restock ? tr("Restock %1").arg(product.sku)
                           : tr("Write off %1").arg(product.sku));

    auto* title = new QLabel(
        QStringLiteral("<b>%1</b> (%2)").arg(product.name.toHtmlEscaped(), product.sku), this);
    auto* available =
        new QLabel(tr("%1 available now").arg(QLocale().toString(product.stock)), this);
    quantity_ = new QSpinBox(this);
    quantity_->setObjectName(QStringLiteral("quantity"));
    // Not capped at the units available: they are a snapshot, and the shop has the last word.
    quantity_->setRange(1, int(maxStock));
    quantity_->setGroupSeparatorShown(true);
    quantity_->setSuffix(tr(" units"));
    outcome_ = new QLabel(this);
    error_ = new QLabel(this);
    error_->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    error_->setWordWrap(true);
    error_->hide();

    auto* form = new QFormLayout;
    form->addRow(restock ? tr("Add") : tr("Write off"), quantity_);
    if (!restock) {
        // No reason is preselected: the owner says why, rather than accepting a default.
        reason_ = new QComboBox(this);
        reason_->setObjectName(QStringLiteral("reason"));
        for (const auto& reason : reasons)
            reason_->addItem(tr(reason.label), QString::fromLatin1(reason.wire));
        reason_->setPlaceholderText(tr("Choose why…"));
        reason_->setCurrentIndex(-1);
        note_ = new QLineEdit(this);
        note_->setObjectName(QStringLiteral("note"));
        note_->setPlaceholderText(tr("Optional, e.g. “box dropped in the stockroom”"));
        note_->setMaxLength(maxNoteBytes); // characters; the bytes are checked on apply
        form->addRow(tr("Reason"), reason_);
        form->addRow(tr("Note"), note_);
    }
    form->addRow(tr("Afterwards"), outcome_);
    buttons_ = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    auto* apply = buttons_->addButton(restock ? tr("Restock…") : tr("Write off…"),
                                      QDialogButtonBox::AcceptRole);
    apply->setObjectName(QStringLiteral("apply"));
    apply->setDefault(true);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(title);
    layout->addWidget(available);
    layout->addLayout(form);
    layout->addWidget(error_);
    layout->addStretch(1);
    layout->addWidget(buttons_);
    setMinimumWidth(380);

    connect(quantity_, &QSpinBox::valueChanged, this, &RestockDialog::onQuantityChanged);
    connect(buttons_, &QDialogButtonBox::accepted, this, &RestockDialog::onApplyClicked);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    onQuantityChanged(quantity_->value());
}

void RestockDialog::setQuantity(int units) {
    quantity_->setValue(units);
}

void RestockDialog::setReason(const QString& reason, const QString& note) {
    if (!reason_)
        return;
    reason_->setCurrentIndex(reason_->findData(reason));
    note_->setText(note);
}

QString RestockDialog::errorText() const {
    return error_->isHidden() ? QString() : error_->text();
}

QString RestockDialog::confirmationText() const {
    const QLocale locale;
    const qint64 units = quantity_->value();
    // Spelled out rather than tr("%n unit(s)"): the console ships no English plural forms.
    auto what =
        units == 1
            ? tr("1 unit of %1 (%2)").arg(product_.name, product_.sku)
            : tr("%1 units of %2 (%3)").arg(locale.toString(units), product_.name, product_.sku);
    if (mode_ == Mode::Restock)
        return tr("Add %1? %2 will be available.")
            .arg(what, locale.toString(product_.stock + units));
    if (const int chosen = reason_->currentIndex(); chosen >= 0)
        what += QLatin1Char(' ') + tr(reasons[chosen].inSentence);
    if (units > product_.stock)
        return tr("Write off %1? Only %2 are available, so the shop will refuse it unless stock "
                  "arrives first.")
            .arg(what, locale.toString(product_.stock));
    return tr("Write off %1? %2 will remain.").arg(what, locale.toString(product_.stock - units));
}

void RestockDialog::onQuantityChanged(int units) {
    const QLocale locale;
    if (mode_ == Mode::Restock) {
        outcome_->setText(tr("%1 available").arg(locale.toString(product_.stock + units)));
        outcome_->setStyleSheet({});
    } else if (units > product_.stock) {
        outcome_->setText(tr("more than the %1 available").arg(locale.toString(product_.stock)));
        outcome_->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    } else {
        outcome_->setText(tr("%1 available").arg(locale.toString(product_.stock - units)));
        outcome_->setStyleSheet({});
    }
}

void RestockDialog::onApplyClicked() {
    if (mode_ == Mode::WriteOff) {
        QString problem;
        if (reason_->currentIndex() < 0)
            problem = tr("Choose why these units are written off.");
        else if (note_->text().trimmed().toUtf8().size() > maxNoteBytes)
            problem = tr("The note is too long: at most %1 bytes (accented letters count as "
                         "two).")
                          .arg(maxNoteBytes);
        if (!problem.isEmpty()) {
            error_->setText(problem);
            error_->show();
            return;
        }
    }
    if (!confirm_(this, confirmationText()))
        return;
    const qint64 units = quantity_->value();
    error_->hide();
    buttons_->setEnabled(false);
    const auto answered = [this](const ApiResult<Product>& result) {
        onRestockAnswered(result);
    };
    if (mode_ == Mode::Restock)
        client_.restock(product_.sku, units, this, answered);
    else
        client_.writeOff(product_.sku, units,
                         {reason_->currentData().toString(), note_->text().trimmed()}, this,
                         answered);
}

void RestockDialog::onRestockAnswered(const ApiResult<Product>& result) {
    buttons_->setEnabled(true);
    if (result.ok()) {
        emit stockChanged(*result.value);
        accept();
        return;
    }
    const auto& error = *result.error;
    QString text;
    if (error.code == QLatin1String("insufficient_stock"))
        text = tr("The shop refused the write-off: %1.").arg(error.message);
    else if (error.status == 0)
        text = tr("The shop did not answer: %1").arg(error.message);
    else
        text = tr("The shop refused: %1").arg(error.message);
    error_->setText(text);
    error_->show();
}

} // namespace topcoat::ui

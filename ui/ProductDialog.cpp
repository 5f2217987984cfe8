#include "ProductDialog.h"

#include "AdminClient.h"
#include "CatalogCsv.h"
#include "SwatchDelegate.h"

#include <QColorDialog>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPainter>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

// The JSON field a server message starts with ("price_cents must be …"), per form field.
constexpr std::pair<const char*, ProductDialog::Field> serverFields[] = {
    {"sku ", ProductDialog::SkuField},         {"name ", ProductDialog::NameField},
    {"shade_hex ", ProductDialog::ShadeField}, {"price_cents ", ProductDialog::PriceField},
    {"stock ", ProductDialog::StockField},
};

QWidget* withError(QWidget* field, QLabel* error, QWidget* parent) {
    auto* box = new QWidget(parent);
    auto* column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(field);
    column->addWidget(error);
    return box;
}

} // namespace

ProductDialog::ProductDialog(AdminClient& client, QWidget* parent)
    : QDialog(parent), client_(client) {
    setWindowTitle(tr("Add product"));
    build();
    hex_->setText(QStringLiteral("#c8102e"));
}

ProductDialog::ProductDialog(AdminClient& client, const Product& product, QWidget* parent)
    : QDialog(parent), client_(client), original_(product) {
    setWindowTitle(tr("Edit %1").arg(product.sku));
    build();
    sku_->setText(product.sku);
    sku_->setReadOnly(true);
    sku_->setToolTip(tr("Orders refer to products by SKU, so it cannot change"));
    name_->setText(product.name);
    hex_->setText(product.shadeHex);
    price_->setValue(double(product.priceCents) / 100.0);
}

void ProductDialog::build() {
    for (auto& label : errors_) {
        label = new QLabel(this);
        label->setStyleSheet(QStringLiteral("color: #c92a2a;"));
        label->setWordWrap(true);
        label->hide();
    }
    sku_ = new QLineEdit(this);
    sku_->setObjectName(QStringLiteral("sku"));
    sku_->setPlaceholderText(QStringLiteral("NP-025"));
    sku_->setMaxLength(32);
    // SKUs are upper case (server/API.md); typed "np-025" becomes "NP-025" as it is typed.
    connect(sku_, &QLineEdit::textEdited, this, [this](const QString& text) {
        const auto upper = text.toUpper();
        if (upper == text)
            return;
        const auto cursor = sku_->cursorPosition();
        sku_->setText(upper);
        sku_->setCursorPosition(cursor);
    });
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("name"));
    name_->setPlaceholderText(tr("e.g. Cherry Lacquer"));
    color_ = new QPushButton(this);
    color_->setObjectName(QStringLiteral("pickColor"));
    color_->setToolTip(tr("Pick the shade"));
    color_->setFixedSize(56, 26);
    color_->setIconSize(QSize(40, 16));
    hex_ = new QLineEdit(this);
    hex_->setObjectName(QStringLiteral("shadeHex"));
    hex_->setMaxLength(7);
    hex_->setPlaceholderText(QStringLiteral("#rrggbb"));
    price_ = new QDoubleSpinBox(this);
    price_->setObjectName(QStringLiteral("price"));
    price_->setDecimals(2);
    price_->setRange(0, double(maxPriceCents) / 100.0);
    price_->setSingleStep(0.5);
    price_->setGroupSeparatorShown(true);
    stock_ = new QSpinBox(this);
    stock_->setObjectName(QStringLiteral("stock"));
    stock_->setRange(0, int(maxStock));
    stock_->setGroupSeparatorShown(true);

    auto* shadeRow = new QWidget(this);
    auto* shadeLayout = new QHBoxLayout(shadeRow);
    shadeLayout->setContentsMargins(0, 0, 0, 0);
    shadeLayout->addWidget(color_);
    shadeLayout->addWidget(hex_, 1);

    auto* form = new QFormLayout;
    form->addRow(tr("SKU"), withError(sku_, errors_[SkuField], this));
    form->addRow(tr("Name"), withError(name_, errors_[NameField], this));
    form->addRow(tr("Shade"), withError(shadeRow, errors_[ShadeField], this));
    form->addRow(tr("Price"), withError(price_, errors_[PriceField], this));
    if (editing()) {
        stock_->hide();
    } else {
        stock_->setToolTip(tr("Units on hand; later changes go through Restock and Write off"));
        form->addRow(tr("Initial stock"), withError(stock_, errors_[StockField], this));
    }

    buttons_ = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons_->button(QDialogButtonBox::Save)->setObjectName(QStringLiteral("save"));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(errors_[GeneralField]);
    layout->addStretch(1);
    layout->addWidget(buttons_);
    setMinimumWidth(420);

    connect(color_, &QPushButton::clicked, this, &ProductDialog::onColorButtonClicked);
    connect(hex_, &QLineEdit::textChanged, this, &ProductDialog::onHexEdited);
    connect(buttons_, &QDialogButtonBox::accepted, this, &ProductDialog::onSaveClicked);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

QString ProductDialog::fieldError(Field field) const {
    return errorLabel(field)->isHidden() ? QString() : errorLabel(field)->text();
}

void ProductDialog::showError(Field field, const QString& message) {
    errorLabel(field)->setText(message);
    errorLabel(field)->setVisible(!message.isEmpty());
}

void ProductDialog::clearErrors() {
    for (int field = SkuField; field <= GeneralField; ++field)
        showError(Field(field), {});
}

void ProductDialog::onColorButtonClicked() {
    const auto chosen = QColorDialog::getColor(QColor(hex_->text()), this, tr("Shade"));
    if (chosen.isValid())
        hex_->setText(chosen.name(QColor::HexRgb));
}

void ProductDialog::onHexEdited(const QString&) {
    updateColorButton();
    // Once the owner fixes the shade, its old complaint goes away.
    if (isValidShadeHex(hex_->text().trimmed()))
        showError(ShadeField, {});
}

void ProductDialog::updateColorButton() {
    QPixmap chip(color_->iconSize() * devicePixelRatio());
    chip.setDevicePixelRatio(devicePixelRatio());
    chip.fill(Qt::transparent);
    const QColor color(hex_->text().trimmed());
    if (isValidShadeHex(hex_->text().trimmed()) && color.isValid()) {
        QPainter painter(&chip);
        SwatchDelegate::paintChip(painter, QRectF(QPointF(0, 0), color_->iconSize()), color);
    }
    color_->setIcon(QIcon(chip));
}

bool ProductDialog::validateLocally() {
    clearErrors();
    showError(SkuField, editing() ? QString() : skuProblem(sku_->text().trimmed()));
    showError(NameField, nameProblem(name_->text().trimmed()));
    showError(ShadeField, shadeHexProblem(hex_->text().trimmed()));
    for (int field = SkuField; field < GeneralField; ++field)
        if (!fieldError(Field(field)).isEmpty())
            return false;
    return true;
}

void ProductDialog::onSaveClicked() {
    if (!validateLocally())
        return;
    const auto name = name_->text().trimmed();
    const auto hex = hex_->text().trimmed().toLower();
    const auto cents = qRound64(price_->value() * 100.0);
    const auto answered = [this](const ApiResult<Product>& result) {
        onSaveAnswered(result);
    };
    if (editing()) {
        ProductChange change; // only what the owner changed, so concurrent edits don't clash
        if (name != original_->name)
            change.name = name;
        if (hex != original_->shadeHex.toLower())
            change.shadeHex = hex;
        if (cents != original_->priceCents)
            change.priceCents = cents;
        if (!change.name && !change.shadeHex && !change.priceCents) {
            accept();
            return;
        }
        client_.updateProduct(original_->sku, change, this, answered);
    } else {
        client_.createProduct({sku_->text().trimmed(), name, hex, cents, stock_->value()}, this,
                              answered);
    }
    buttons_->setEnabled(false);
    showError(GeneralField, {});
    errors_[GeneralField]->setStyleSheet(QStringLiteral("color: palette(mid);"));
    showError(GeneralField, tr("Saving…"));
}

void ProductDialog::onSaveAnswered(const ApiResult<Product>& result) {
    buttons_->setEnabled(true);
    errors_[GeneralField]->setStyleSheet(QStringLiteral("color: #c92a2a;"));
    showError(GeneralField, {});
    if (result.ok()) {
        emit productSaved(*result.value);
        accept();
        return;
    }
    const auto& error = *result.error;
    if (error.code == QLatin1String("sku_exists")) {
        showError(SkuField, tr("%1 is already in the catalog").arg(sku_->text().trimmed()));
        sku_->setFocus();
        return;
    }
    if (error.status == 400) {
        for (const auto& [prefix, field] : serverFields) {
            if (error.message.startsWith(QLatin1String(prefix))) {
                showError(field, error.message);
                return;
            }
        }
    }
    showError(GeneralField, error.status == 0 ? tr("The shop did not answer: %1").arg(error.message)
                                              : tr("The shop refused: %1").arg(error.message));
}

} // namespace topcoat::ui

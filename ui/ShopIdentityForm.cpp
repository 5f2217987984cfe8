#include "ShopIdentityForm.h"

#include "FileDialogs.h"

#include <QComboBox>
#include <QFile>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPixmap>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

// The logo travels base64-encoded inside PUT /admin/shop, whose body is capped at 16 KiB
// (server/API.md): 11 KiB of image leaves room for the encoding and the other fields. Checked
// here so a larger file is refused before it is sent, with the reason in the owner's words.
constexpr qsizetype maxLogoBytes = 11 * 1024;
constexpr int previewHeight = 64;

// What the file's first bytes say it is; the server checks the same way and has the last word.
QString imageTypeOf(const QByteArray& bytes) {
    if (bytes.startsWith("\x89PNG\r\n\x1a\n"))
        return QStringLiteral("image/png");
    if (bytes.startsWith("\xff\xd8\xff"))
        return QStringLiteral("image/jpeg");
    const auto start = bytes.left(1024).trimmed();
    if (start.startsWith("<svg") || start.startsWith("<?xml") || start.startsWith("\xef\xbb\xbf"))
        return QStringLiteral("image/svg+xml");
    return {};
}

} // namespace

ShopIdentityForm::ShopIdentityForm(AdminClient& client, QWidget* parent)
    : QWidget(parent), client_(client) {
    auto* rows = new QFormLayout;
    name_ = new QLineEdit(this);
    name_->setObjectName(QStringLiteral("shopName"));
    name_->setMaxLength(80);
    rows->addRow(tr("Shop name"), name_);
    currency_ = new QComboBox(this);
    currency_->setObjectName(QStringLiteral("shopCurrency"));
    rows->addRow(tr("Currency"), currency_);
    email_ = new QLineEdit(this);
    email_->setObjectName(QStringLiteral("shopContactEmail"));
    email_->setPlaceholderText(tr("none"));
    email_->setMaxLength(254);
    rows->addRow(tr("Contact e-mail"), email_);

    logoPreview_ = new QLabel(this);
    logoPreview_->setObjectName(QStringLiteral("shopLogoPreview"));
    logoPreview_->setMinimumHeight(previewHeight);
    chooseLogo_ = new QPushButton(tr("Choose logo…"), this);
    chooseLogo_->setObjectName(QStringLiteral("shopChooseLogo"));
    removeLogo_ = new QPushButton(tr("Remove logo"), this);
    removeLogo_->setObjectName(QStringLiteral("shopRemoveLogo"));
    auto* logoRow = new QHBoxLayout;
    logoRow->addWidget(logoPreview_, 1);
    logoRow->addWidget(chooseLogo_);
    logoRow->addWidget(removeLogo_);
    rows->addRow(tr("Logo"), logoRow);

    auto* help = new QLabel(tr("Shown on the storefront page: the name in its header and title, "
                               "every price in the currency, the logo beside the name and the "
                               "contact address at the foot. A PNG, JPEG or SVG logo of at "
                               "most 11 KiB."),
                            this);
    help->setWordWrap(true);

    apply_ = new QPushButton(tr("Apply"), this);
    apply_->setObjectName(QStringLiteral("shopApply"));
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("shopMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(message_, 1);
    buttons->addWidget(apply_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(help);
    layout->addLayout(rows);
    layout->addLayout(buttons);
    layout->addStretch(1);

    connect(chooseLogo_, &QPushButton::clicked, this, &ShopIdentityForm::onChooseLogoClicked);
    connect(removeLogo_, &QPushButton::clicked, this, &ShopIdentityForm::onRemoveLogoClicked);
    connect(apply_, &QPushButton::clicked, this, &ShopIdentityForm::onApplyClicked);
    showLogo();
}

void ShopIdentityForm::load() {
    client_.shopCurrencies(this, [this](const ApiResult<QStringList>& result) {
        if (!result.ok()) {
            showMessage(tr("Could not read the currencies: %1").arg(result.error->message), true);
            return;
        }
        const auto current = currency_->currentText();
        currency_->clear();
        currency_->addItems(*result.value);
        if (!current.isEmpty())
            currency_->setCurrentText(current);
    });
    client_.shop(this, [this](const ApiResult<ShopIdentity>& result) {
        if (!result.ok()) {
            showMessage(tr("Could not read the shop: %1").arg(result.error->message), true);
            return;
        }
        showIdentity(*result.value);
        showMessage({}, false);
    });
}

bool ShopIdentityForm::setLogoFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        showMessage(tr("Could not read %1: %2").arg(path, file.errorString()), true);
        return false;
    }
    const auto bytes = file.read(maxLogoBytes + 1);
    if (bytes.size() > maxLogoBytes) {
        showMessage(tr("The logo must be at most 11 KiB."), true);
        return false;
    }
    const auto type = imageTypeOf(bytes);
    if (type.isEmpty()) {
        showMessage(tr("The logo must be a PNG, JPEG or SVG image."), true);
        return false;
    }
    logo_ = bytes;
    logoType_ = type;
    logoChanged_ = true;
    showLogo();
    showMessage(tr("Apply to put the new logo on the storefront."), false);
    return true;
}

void ShopIdentityForm::onChooseLogoClicked() {
    const auto path = chooseFileToOpen(this, tr("Choose the shop's logo"),
                                       tr("Images (*.png *.jpg *.jpeg *.svg)"));
    if (!path.isEmpty())
        setLogoFile(path);
}

void ShopIdentityForm::onRemoveLogoClicked() {
    logo_.clear();
    logoType_.clear();
    logoChanged_ = true;
    showLogo();
}

void ShopIdentityForm::onApplyClicked() {
    apply_->setEnabled(false);
    showMessage(tr("Applying…"), false);
    client_.setShop(
        typedIdentity(), logoChanged_, this, [this](const ApiResult<ShopIdentity>& result) {
            apply_->setEnabled(true);
            if (!result.ok()) {
                showMessage(tr("The storefront refused the change: %1").arg(result.error->message),
                            true);
                return;
            }
            showIdentity(*result.value);
            showMessage(tr("Applied: the storefront shows it from the next page load."), false);
            emit identityApplied(*result.value);
        });
}

void ShopIdentityForm::showIdentity(const ShopIdentity& identity) {
    name_->setText(identity.name);
    if (currency_->findText(identity.currency) < 0)
        currency_->addItem(identity.currency);
    currency_->setCurrentText(identity.currency);
    email_->setText(identity.contactEmail);
    logo_ = identity.logo;
    logoType_ = identity.logoType;
    logoChanged_ = false;
    showLogo();
}

void ShopIdentityForm::showLogo() {
    removeLogo_->setEnabled(!logo_.isEmpty());
    QPixmap image;
    if (logo_.isEmpty()) {
        logoPreview_->setPixmap({});
        logoPreview_->setText(tr("No logo: the storefront shows its own mark."));
    } else if (image.loadFromData(logo_)) {
        logoPreview_->setPixmap(image.scaledToHeight(previewHeight, Qt::SmoothTransformation));
    } else {
        // An SVG without Qt's SVG image plugin, say: it is still sent, just not drawn here.
        logoPreview_->setPixmap({});
        logoPreview_->setText(
            tr("%1 logo, %2 bytes (no preview)").arg(logoType_).arg(logo_.size()));
    }
}

void ShopIdentityForm::showMessage(const QString& text, bool problem) {
    message_->setText(text);
    message_->setProperty("problem", problem);
    message_->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

ShopIdentity ShopIdentityForm::typedIdentity() const {
    ShopIdentity identity;
    identity.name = name_->text();
    identity.currency = currency_->currentText();
    identity.contactEmail = email_->text().trimmed();
    identity.logo = logo_;
    identity.logoType = logoType_;
    return identity;
}

} // namespace topcoat::ui

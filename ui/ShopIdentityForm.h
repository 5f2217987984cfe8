#pragma once

// The Shop screen: the name, currency, contact address and logo customers see on the
// storefront page, read from and written to the server through the admin client. The owner
// edits the fields and applies them; the server's refusal is shown as it words it.

#include "AdminClient.h"
#include "ShopIdentityTypes.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;

namespace topcoat::ui {

class ShopIdentityForm : public QWidget {
    Q_OBJECT

public:
    explicit ShopIdentityForm(AdminClient& client, QWidget* parent = nullptr);

    // Asks the server for the identity and the currencies on offer, and shows them.
    void load();
    // Takes the logo from an image file (what "Choose logo…" does after its file dialog);
    // false, with the reason shown, when it is not a PNG, JPEG or SVG file.
    bool setLogoFile(const QString& path);

signals:
    // The server took the change; `identity` is what it now has.
    void identityApplied(const ShopIdentity& identity);

private:
    void onChooseLogoClicked();
    void onRemoveLogoClicked();
    void onApplyClicked();
    void showIdentity(const ShopIdentity& identity);
    void showLogo();
    void showMessage(const QString& text, bool problem);
    ShopIdentity typedIdentity() const;

    AdminClient& client_;
    QLineEdit* name_ = nullptr;
    QComboBox* currency_ = nullptr;
    QLineEdit* email_ = nullptr;
    QLabel* logoPreview_ = nullptr;
    QPushButton* chooseLogo_ = nullptr;
    QPushButton* removeLogo_ = nullptr;
    QPushButton* apply_ = nullptr;
    QLabel* message_ = nullptr;
    QByteArray logo_;
    QString logoType_;
    bool logoChanged_ = false; // chosen or removed here since the server's was shown
};

} // namespace topcoat::ui

#pragma once

// The add/edit form for one product. It checks the fields with the server's rules as they are
// typed, sends the product through the admin client, and puts the server's refusals next to the
// field they concern, so the owner never has to decode an error code.

#include "ApiTypes.h"

#include <QDialog>
#include <array>
#include <optional>

class QDialogButtonBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace topcoat::ui {

class AdminClient;

class ProductDialog : public QDialog {
    Q_OBJECT

public:
    enum Field { SkuField, NameField, ShadeField, PriceField, StockField, GeneralField };

    // Adds a new product.
    explicit ProductDialog(AdminClient& client, QWidget* parent = nullptr);
    // Edits `product`; its SKU cannot change and its stock changes only by restocking.
    ProductDialog(AdminClient& client, const Product& product, QWidget* parent = nullptr);

    bool editing() const { return original_.has_value(); }
    // The message shown next to a field ("" when none), for tests and accessibility.
    QString fieldError(Field field) const;

signals:
    // The server accepted the product; the dialog then closes.
    void productSaved(const Product& product);

private:
    void build();
    void onColorButtonClicked();
    void onHexEdited(const QString& text);
    void onSaveClicked();
    void onSaveAnswered(const ApiResult<Product>& result);
    bool validateLocally();
    void showError(Field field, const QString& message);
    void clearErrors();
    void updateColorButton();
    QLabel* errorLabel(Field field) const { return errors_.at(field); }

    AdminClient& client_;
    std::optional<Product> original_;
    QLineEdit* sku_ = nullptr;
    QLineEdit* name_ = nullptr;
    QPushButton* color_ = nullptr;
    QLineEdit* hex_ = nullptr;
    QDoubleSpinBox* price_ = nullptr;
    QSpinBox* stock_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    std::array<QLabel*, GeneralField + 1> errors_{};
};

} // namespace topcoat::ui

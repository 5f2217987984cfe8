#pragma once

// The form that creates a sale (new, or pre-filled from another to duplicate it) or edits a
// scheduled one: checks what it can before sending, sends through the AdminClient, and shows
// every refusal, its own or the server's, next to the field it concerns. It closes only once the
// server has taken the sale.

#include "ApiTypes.h"
#include "SaleChecker.h"

#include <QDialog>
#include <QMap>
#include <optional>

class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;

namespace topcoat::ui {

class AdminClient;
class SaleItemsEditor;

class SaleDialog : public QDialog {
    Q_OBJECT

public:
    using Field = SaleField;

    // `knownSales` lets the form spot overlaps before asking the server (which has the last word).
    SaleDialog(AdminClient& client, QList<Sale> knownSales, QWidget* parent = nullptr);

    // Pre-fills every field; SKUs the catalog does not know stay listed and are flagged.
    void setDraft(const SaleDraft& draft);
    // Makes the form an edit of `sale` (a scheduled one): pre-filled with it, saved in its place.
    void editSale(const Sale& sale);
    // The sale being edited; nothing while the form creates a new one.
    std::optional<qint64> editedSaleId() const { return editedId_; }
    // What the form holds now, times in UTC.
    SaleDraft draft() const;
    // The error shown next to `field` ("" when none).
    QString errorText(Field field) const;
    bool isSending() const { return sending_; }
    bool hasProducts() const { return !checker_.products().isEmpty(); }
    // Appends an item row (the first product not listed yet when `sku` is empty); its row.
    int addItem(const QString& sku = {}, std::optional<qint64> salePriceCents = {});

    // Validates and sends; the dialog stays open when anything is refused.
    void accept() override;

signals:
    // The server created the sale; the dialog closes right after.
    void saleCreated(const Sale& sale);
    // The server saved the edit; the dialog closes right after.
    void saleUpdated(const Sale& sale);
    // The product list arrived (or failed: then the items error says so).
    void productsReceived();

private:
    QWidget* withError(QWidget* editor, Field field);
    QWidget* startPresets(); // "In 10 minutes", "In 1 hour", "Tomorrow 18:00"
    void onProductsReceived(const ApiResult<QList<Product>>& result);
    void onSaleAnswered(const ApiResult<Sale>& result, const SaleDraft& sent);
    void showProblems(const SaleProblems& problems);
    void clearError(Field field);
    QString sendText() const;

    AdminClient& client_;
    SaleChecker checker_;
    std::optional<qint64> editedId_;
    bool sending_ = false;

    QLineEdit* name_ = nullptr;
    QDateTimeEdit* starts_ = nullptr;
    QDateTimeEdit* ends_ = nullptr;
    QSpinBox* limit_ = nullptr;
    SaleItemsEditor* items_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    QPushButton* create_ = nullptr;
    QMap<Field, QLabel*> errors_;
};

} // namespace topcoat::ui

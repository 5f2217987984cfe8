#pragma once

// The form that creates a sale (new, or pre-filled from another to duplicate it): checks what it
// can before sending, sends through the AdminClient, and shows every refusal, its own or the
// server's, next to the field it concerns. It closes only once the sale exists.

#include "ApiTypes.h"

#include <QDialog>
#include <QMap>
#include <QSet>

class QComboBox;
class QDateTimeEdit;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace topcoat::ui {

class AdminClient;

class SaleDialog : public QDialog {
    Q_OBJECT

public:
    enum class Field { Name, Starts, Ends, Limit, Items, General };

    // `knownSales` lets the form spot overlaps before asking the server (which has the last word).
    SaleDialog(AdminClient& client, QList<Sale> knownSales, QWidget* parent = nullptr);

    // Pre-fills every field; SKUs the catalog does not know stay listed and are flagged.
    void setDraft(const SaleDraft& draft);
    // What the form holds now, times in UTC.
    SaleDraft draft() const;
    // The error shown next to `field` ("" when none).
    QString errorText(Field field) const;
    bool isSending() const { return sending_; }
    bool hasProducts() const { return !products_.isEmpty(); }
    // Appends an item row (the first product not listed yet when `sku` is empty); its row.
    int addItem(const QString& sku = {}, std::optional<qint64> salePriceCents = {});

    // Validates and sends; the dialog stays open when anything is refused.
    void accept() override;

signals:
    // The server created the sale; the dialog closes right after.
    void saleCreated(const Sale& sale);
    // The product list arrived (or failed: then the items error says so).
    void productsReceived();

private:
    using Problems = QMap<Field, QString>;

    QWidget* withError(QWidget* editor, Field field);
    QWidget* buildItems();
    void onProductsReceived(const ApiResult<QList<Product>>& result);
    void onCreateAnswered(const ApiResult<Sale>& result);
    void onItemChanged(int row);
    void onRemoveItemClicked();
    void fillProducts(QComboBox* box, const QString& sku) const;
    Problems check(const SaleDraft& draft);
    void showProblems(const Problems& problems);
    void showServerError(const ApiError& error, const SaleDraft& sent);
    void clearError(Field field);
    void markRows(const QSet<QString>& skus, const QString& why);
    std::optional<Product> product(const QString& sku) const;

    AdminClient& client_;
    QList<Sale> knownSales_;
    QList<Product> products_;
    bool sending_ = false;

    QLineEdit* name_ = nullptr;
    QDateTimeEdit* starts_ = nullptr;
    QDateTimeEdit* ends_ = nullptr;
    QSpinBox* limit_ = nullptr;
    QTableWidget* items_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
    QPushButton* create_ = nullptr;
    QMap<Field, QLabel*> errors_;
};

} // namespace topcoat::ui

#pragma once

// Asks how many units to add to a product (restock) or to take away (write-off, with why: damaged,
// lost, expired or other, and an optional note), confirms the result in words before anything
// changes, and shows the server's refusal if it comes.

#include "ApiTypes.h"

#include <QDialog>
#include <functional>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QLabel;
class QSpinBox;

namespace topcoat::ui {

class AdminClient;

class RestockDialog : public QDialog {
    Q_OBJECT

public:
    enum class Mode { Restock, WriteOff };
    // Shows `question` and returns whether the owner agreed. The view injects it so tests can
    // answer without a modal message box; the default asks with QMessageBox.
    using Confirm = std::function<bool(QWidget* parent, const QString& question)>;
    static bool askWithMessageBox(QWidget* parent, const QString& question);

    RestockDialog(AdminClient& client, const Product& product, Mode mode, Confirm confirm,
                  QWidget* parent = nullptr);

    // e.g. "Write off 5 units of Cherry Lacquer (NP-001) as damaged? 115 will remain."
    QString confirmationText() const;
    void setQuantity(int units);
    // Write-offs: "damaged", "lost", "expired" or "other" ("" to choose none), and the note.
    void setReason(const QString& reason, const QString& note = {});
    // The refusal or failure shown ("" when none).
    QString errorText() const;

signals:
    // The server applied the change; `product` carries the new counters.
    void stockChanged(const Product& product);

private:
    void onQuantityChanged(int units);
    void onApplyClicked();
    void onRestockAnswered(const ApiResult<Product>& result);

    AdminClient& client_;
    Product product_;
    Mode mode_;
    Confirm confirm_;
    QSpinBox* quantity_ = nullptr;
    QComboBox* reason_ = nullptr; // write-offs only
    QLineEdit* note_ = nullptr;   // write-offs only
    QLabel* outcome_ = nullptr;
    QLabel* error_ = nullptr;
    QDialogButtonBox* buttons_ = nullptr;
};

} // namespace topcoat::ui

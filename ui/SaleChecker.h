#pragma once

// The sale form's rules: what it can refuse before sending (the server has the last word), and
// where on the form each of the server's refusals belongs. Every problem names its field.

#include "ApiTypes.h"

#include <QCoreApplication>
#include <QMap>
#include <QSet>
#include <optional>

namespace topcoat::ui {

enum class SaleField { Name, Starts, Ends, Limit, Items, General };

struct SaleProblems {
    QMap<SaleField, QString> messages;
    QSet<QString> skus; // the item rows the Items message is about
    bool isEmpty() const { return messages.isEmpty(); }
};

class SaleChecker {
    Q_DECLARE_TR_FUNCTIONS(SaleChecker)

public:
    // `knownSales` lets the form spot overlaps before asking the server.
    explicit SaleChecker(QList<Sale> knownSales) : knownSales_(std::move(knownSales)) {}

    void setProducts(QList<Product> products) { products_ = std::move(products); }
    const QList<Product>& products() const { return products_; }
    std::optional<Product> product(const QString& sku) const;
    // The sale the form edits: its own old times and items never count as an overlap.
    void setEditedSale(std::optional<qint64> id) { editedId_ = id; }

    // What is wrong with `draft` as far as the console can tell; empty when it may be sent.
    SaleProblems check(const SaleDraft& draft) const;
    // The server's refusal of `sent`, readable and placed at the field it concerns.
    SaleProblems placeServerError(const ApiError& error, const SaleDraft& sent) const;

private:
    QList<Sale> otherSales() const;

    QList<Sale> knownSales_;
    QList<Product> products_;
    std::optional<qint64> editedId_;
};

} // namespace topcoat::ui

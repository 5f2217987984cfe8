#pragma once

// Reads a product catalog from CSV for the import dialog, checking every row with the server's
// own field rules (server/API.md) so the owner sees what will be refused before sending it.
//
// Format: a header naming the columns `sku,name,shade_hex,price,stock` (any order, any case),
// then one product per record. `price` is a decimal amount in the shop's currency with at most
// two decimals and no symbol or thousands separators ("12.50", "12.5", "12"); people keep
// catalogs in spreadsheets, which show money that way, not in cents. Where the locale writes
// decimal commas (de_DE, fr_FR) "12,50" is read too, and so is a file separated by semicolons,
// as spreadsheets there save CSV. RFC 4180 quoting: fields may be quoted, a quoted field may
// hold separators, line breaks and doubled quotes (""). Records end with LF, CRLF or CR; a UTF-8
// byte order mark is skipped; blank lines are ignored; spaces around unquoted fields are
// trimmed.

#include "ApiTypes.h"

#include <QByteArray>
#include <QList>
#include <QLocale>
#include <QString>
#include <QStringList>
#include <optional>

namespace topcoat::ui {

// The server's field rules, shared with the product form.
bool isValidSku(const QString& sku);
bool isValidName(const QString& name);
bool isValidShadeHex(const QString& hex);
constexpr qint64 maxPriceCents = 100'000'000;
constexpr qint64 maxStock = 1'000'000'000;
// Why a field breaks its rule, as a sentence fragment ("" when it does not).
QString skuProblem(const QString& sku);
QString nameProblem(const QString& name);
QString shadeHexProblem(const QString& hex);

// "12.50" -> 1250; nothing for anything else (negative, three decimals, symbols, over the max).
std::optional<qint64> parsePrice(const QString& text);

// A price as a file gives it: what parsePrice() reads, and "12,50" where `locale` writes decimal
// commas. Refused with the reason: a comma where the locale has none, a point and a comma
// together ("1.234,50"), and one separator before exactly three digits ("1,250", or "1.250"
// where the locale groups thousands with a point), which could be a thousands separator.
struct PriceReading {
    std::optional<qint64> cents;
    QString problem; // set when `cents` is not
};
PriceReading readPrice(const QString& text, const QLocale& locale);
// Whether `locale` writes "12,50" for twelve and a half.
bool usesDecimalComma(const QLocale& locale);
// 1250 -> "12.50"
QString formatPrice(qint64 cents);

struct CsvRow {
    int line = 0;       // where the record starts in the file, 1-based (the header is line 1)
    ProductDraft draft; // the fields that parsed; others left at their defaults
    QStringList errors; // empty when the row can be imported

    bool valid() const { return errors.isEmpty(); }
};

struct CsvCatalog {
    QString error; // the whole file is unusable (no header, a required column missing)
    QList<CsvRow> rows;
};

// Splits CSV text into records of fields; `lines` receives each record's first line number.
// `unterminated` is set when the text ends inside a quoted field.
QList<QStringList> splitCsv(const QString& text, QList<int>* lines = nullptr,
                            bool* unterminated = nullptr, QChar separator = QLatin1Char(','));

// Prices are read under `locale` (readPrice); tests pass one, the console the user's.
CsvCatalog parseCatalogCsv(const QByteArray& bytes, const QLocale& locale = QLocale());

} // namespace topcoat::ui

#include "CatalogCsv.h"

#include <QCoreApplication>
#include <QHash>
#include <QRegularExpression>
#include <QStringDecoder>

namespace topcoat::ui {
namespace {

// Free functions have no tr(); translate under the file's name.
QString tr(const char* text) {
    return QCoreApplication::translate("CatalogCsv", text);
}

const QStringList requiredColumns = {QStringLiteral("sku"), QStringLiteral("name"),
                                     QStringLiteral("shade_hex"), QStringLiteral("price"),
                                     QStringLiteral("stock")};

bool isBlank(const QStringList& record) {
    return record.size() == 1 && record.front().trimmed().isEmpty();
}

} // namespace

bool isValidSku(const QString& sku) {
    static const QRegularExpression pattern(QStringLiteral("^[A-Z0-9][A-Z0-9-]{0,31}$"));
    return pattern.match(sku).hasMatch();
}

bool isValidName(const QString& name) {
    // The server counts UTF-8 bytes, not characters.
    const auto bytes = name.toUtf8().size();
    if (bytes < 1 || bytes > 120 || !QStringView(name).isValidUtf16())
        return false;
    for (const auto c : name)
        if (c.category() == QChar::Other_Control) // C0, DEL and C1, as the server refuses
            return false;
    return true;
}

bool isValidShadeHex(const QString& hex) {
    static const QRegularExpression pattern(QStringLiteral("^#[0-9a-fA-F]{6}$"));
    return pattern.match(hex).hasMatch();
}

QString skuProblem(const QString& sku) {
    if (sku.isEmpty())
        return tr("SKU is required");
    if (!isValidSku(sku))
        return tr("SKU must be A–Z, 0–9 and '-' (at most 32, not starting with '-')");
    return {};
}

QString nameProblem(const QString& name) {
    if (name.isEmpty())
        return tr("name is required");
    if (!isValidName(name))
        return tr("name must be at most 120 bytes without control characters");
    return {};
}

QString shadeHexProblem(const QString& hex) {
    if (hex.isEmpty())
        return tr("shade is required");
    if (!isValidShadeHex(hex))
        return tr("shade must be a colour like #c0ffee");
    return {};
}

std::optional<qint64> parsePrice(const QString& text) {
    static const QRegularExpression pattern(QStringLiteral("^([0-9]{1,9})(?:\\.([0-9]{1,2}))?$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    auto cents = match.captured(1).toLongLong() * 100;
    const auto fraction = match.captured(2);
    if (!fraction.isEmpty())
        cents += fraction.leftJustified(2, QLatin1Char('0')).toLongLong();
    if (cents > maxPriceCents)
        return std::nullopt;
    return cents;
}

bool usesDecimalComma(const QLocale& locale) {
    return locale.decimalPoint() == QStringLiteral(",");
}

PriceReading readPrice(const QString& text, const QLocale& locale) {
    const bool commaLocale = usesDecimalComma(locale);
    const auto quoted = QStringLiteral("“%1”").arg(text);
    const auto generic = commaLocale ? tr("price %1 must be an amount like 12,50 or 12.50 (at "
                                          "most 1000000,00)")
                                     : tr("price %1 must be an amount like 12.50 (at most "
                                          "1000000.00)");
    if (text.startsWith(QLatin1Char('-')))
        return {std::nullopt, tr("price must not be negative")};
    const auto commas = text.count(QLatin1Char(','));
    const auto points = text.count(QLatin1Char('.'));
    if (commas > 0 && points > 0)
        return {std::nullopt, tr("price %1 has both a point and a comma; write it without a "
                                 "thousands separator, like 1234.50")
                                  .arg(quoted)};
    if (commas > 0 && !commaLocale)
        return {std::nullopt, tr("price %1 has a comma, but this computer's locale (%2) writes "
                                 "decimals with a point; write 12.50, without thousands "
                                 "separators")
                                  .arg(quoted, locale.name())};
    const QChar separator = commas > 0 ? QLatin1Char(',') : QLatin1Char('.');
    const auto at = text.indexOf(separator);
    // "1,250" or (where a point groups thousands) "1.250": 1250, or 1.25 with a stray digit?
    // The file cannot say, so it is refused rather than guessed.
    const bool threeAfter =
        at >= 0 && text.size() - at - 1 == 3 && (separator == QLatin1Char(',') || commaLocale);
    if (threeAfter && commas + points == 1)
        return {std::nullopt, tr("price %1 is ambiguous: it may be %2 with a thousands separator "
                                 "or a decimal with three places; write %2, or at most two "
                                 "decimals")
                                  .arg(quoted, QString(text).remove(separator))};
    auto normal = text;
    normal.replace(QLatin1Char(','), QLatin1Char('.'));
    if (const auto cents = parsePrice(normal))
        return {cents, {}};
    return {std::nullopt, generic.arg(quoted)};
}

QString formatPrice(qint64 cents) {
    return QStringLiteral("%1.%2").arg(cents / 100).arg(cents % 100, 2, 10, QLatin1Char('0'));
}

QList<QStringList> splitCsv(const QString& text, QList<int>* lines, bool* unterminated,
                            QChar separator) {
    QList<QStringList> records;
    QStringList record;
    QString field;
    bool quoted = false;    // inside a quoted field
    bool wasQuoted = false; // the current field was quoted (so it is not trimmed)
    int line = 1;
    int recordLine = 1;
    const auto endField = [&] {
        record.append(wasQuoted ? field : field.trimmed());
        field.clear();
        wasQuoted = false;
    };
    const auto endRecord = [&] {
        endField();
        records.append(record);
        if (lines)
            lines->append(recordLine);
        record.clear();
    };
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (quoted) {
            if (c == QLatin1Char('"')) {
                if (i + 1 < text.size() && text.at(i + 1) == QLatin1Char('"')) {
                    field.append(c);
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                if (c == QLatin1Char('\n') ||
                    (c == QLatin1Char('\r') &&
                     (i + 1 >= text.size() || text.at(i + 1) != QLatin1Char('\n'))))
                    ++line;
                field.append(c);
            }
        } else if (c == QLatin1Char('"') && field.trimmed().isEmpty()) {
            quoted = true;
            wasQuoted = true;
            field.clear();
        } else if (c == separator) {
            endField();
        } else if (c == QLatin1Char('\r') || c == QLatin1Char('\n')) {
            if (c == QLatin1Char('\r') && i + 1 < text.size() &&
                text.at(i + 1) == QLatin1Char('\n'))
                ++i;
            endRecord();
            recordLine = ++line;
        } else {
            field.append(c);
        }
    }
    if (unterminated)
        *unterminated = quoted;
    if (quoted || !field.isEmpty() || !record.isEmpty())
        endRecord(); // the last record need not end with a line break
    return records;
}

CsvCatalog parseCatalogCsv(const QByteArray& bytes, const QLocale& locale) {
    CsvCatalog catalog;
    QStringDecoder decode(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decode(bytes);
    if (decode.hasError()) {
        catalog.error = tr("The file is not UTF-8 text; save it as “CSV UTF-8”.");
        return catalog;
    }
    if (text.startsWith(QChar(0xfeff))) // the BOM spreadsheets write
        text.remove(0, 1);

    // Spreadsheets where a comma is the decimal mark save CSV with semicolons; the header,
    // which holds no numbers, says which one the file uses.
    const auto firstLine = text.left(text.indexOf(QRegularExpression(QStringLiteral("[\r\n]"))));
    const QChar separator =
        firstLine.contains(QLatin1Char(';')) && !firstLine.contains(QLatin1Char(','))
            ? QLatin1Char(';')
            : QLatin1Char(',');
    QList<int> lines;
    bool unterminated = false;
    auto records = splitCsv(text, &lines, &unterminated, separator);
    qsizetype first = 0;
    while (first < records.size() && isBlank(records.at(first)))
        ++first;
    if (first == records.size()) {
        catalog.error = tr("The file is empty.");
        return catalog;
    }

    QHash<QString, qsizetype> column; // header name -> field index
    const auto& header = records.at(first);
    for (qsizetype i = 0; i < header.size(); ++i)
        column.insert(header.at(i).trimmed().toLower(), i);
    QStringList missing;
    for (const auto& name : requiredColumns)
        if (!column.contains(name))
            missing.append(name);
    if (!missing.isEmpty()) {
        catalog.error =
            tr("The header lacks the column(s) %1; it must name %2.")
                .arg(missing.join(QStringLiteral(", ")), requiredColumns.join(QLatin1Char(',')));
        return catalog;
    }

    QHash<QString, int> firstLineOf; // SKU -> the line that used it first
    for (qsizetype r = first + 1; r < records.size(); ++r) {
        const auto& record = records.at(r);
        if (isBlank(record))
            continue;
        CsvRow row;
        row.line = lines.at(r);
        const auto field = [&](const QString& name) -> std::optional<QString> {
            const auto index = column.value(name);
            return index < record.size() ? std::optional(record.at(index)) : std::nullopt;
        };
        if (record.size() < header.size()) {
            QStringList absent;
            for (const auto& name : requiredColumns)
                if (!field(name))
                    absent.append(name);
            row.errors.append(
                absent.isEmpty()
                    ? tr("missing columns")
                    : tr("missing columns: %1").arg(absent.join(QStringLiteral(", "))));
        } else if (record.size() > header.size()) {
            row.errors.append(
                separator == QLatin1Char(',') && usesDecimalComma(locale)
                    ? tr("%1 fields but the header has %2 (an unquoted comma? quote a price "
                         "with a decimal comma: \"12,50\")")
                          .arg(record.size())
                          .arg(header.size())
                    : tr("%1 fields but the header has %2 (unquoted comma?)")
                          .arg(record.size())
                          .arg(header.size()));
        }
        if (unterminated && r == records.size() - 1)
            row.errors.append(tr("a quoted field is never closed"));

        if (const auto sku = field(QStringLiteral("sku"))) {
            row.draft.sku = *sku;
            if (const auto problem = skuProblem(*sku); !problem.isEmpty())
                row.errors.append(problem);
            else if (firstLineOf.contains(*sku))
                row.errors.append(
                    tr("duplicate SKU (first on line %1)").arg(firstLineOf.value(*sku)));
            else
                firstLineOf.insert(*sku, row.line);
        }
        if (const auto name = field(QStringLiteral("name"))) {
            row.draft.name = *name;
            if (const auto problem = nameProblem(*name); !problem.isEmpty())
                row.errors.append(problem);
        }
        if (const auto hex = field(QStringLiteral("shade_hex"))) {
            row.draft.shadeHex = hex->toLower();
            if (const auto problem = shadeHexProblem(*hex); !problem.isEmpty())
                row.errors.append(problem);
        }
        if (const auto price = field(QStringLiteral("price"))) {
            const auto reading = readPrice(*price, locale);
            if (reading.cents)
                row.draft.priceCents = *reading.cents;
            else
                row.errors.append(reading.problem);
        }
        if (const auto units = field(QStringLiteral("stock"))) {
            bool ok = false;
            const auto stock = units->toLongLong(&ok);
            if (ok && stock >= 0 && stock <= maxStock && !units->startsWith(QLatin1Char('+')))
                row.draft.stock = stock;
            else
                row.errors.append(tr("stock must be a whole number from 0 to %1").arg(maxStock));
        }
        catalog.rows.append(row);
    }
    return catalog;
}

} // namespace topcoat::ui

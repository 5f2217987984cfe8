#pragma once

// The small helpers every file of SQL uses: values in Qt's types, and a prepared statement
// run with its values bound in order.

#include "DbError.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>
#include <cstdint>
#include <initializer_list>
#include <string>

namespace topcoat::db {

inline QString text(const std::string& s) {
    return QString::fromStdString(s);
}

inline QVariant number(std::int64_t n) {
    return QVariant::fromValue<qlonglong>(n);
}

// Throws DbError when `sql` does not prepare.
inline QSqlQuery prepared(QSqlDatabase& db, const QString& sql,
                          std::initializer_list<QVariant> values) {
    QSqlQuery query(db);
    query.setForwardOnly(true);
    if (!query.prepare(sql))
        throw DbError("prepare: " + sql.toStdString(), query.lastError());
    for (const auto& value : values)
        query.addBindValue(value);
    return query;
}

// Prepares, binds and runs; throws DbError with `what` on failure.
inline QSqlQuery run(QSqlDatabase& db, const QString& sql, std::initializer_list<QVariant> values,
                     const char* what) {
    auto query = prepared(db, sql, values);
    if (!query.exec())
        throw DbError(what, query.lastError());
    return query;
}

} // namespace topcoat::db

#pragma once

// A failure of the database itself: cannot open, disk full, I/O error, broken migration.

#include <QSqlError>
#include <stdexcept>
#include <string>

namespace topcoat::db {

class DbError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
    DbError(const std::string& what, const QSqlError& error)
        : std::runtime_error(what + ": " + error.text().toStdString()) {}
};

} // namespace topcoat::db

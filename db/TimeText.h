#pragma once

// Unix seconds <-> the RFC 3339 text stored in the database.

#include <QDateTime>
#include <QString>
#include <cstdint>

namespace topcoat::db {

inline QString timeText(std::int64_t unixSeconds) {
    return QDateTime::fromSecsSinceEpoch(unixSeconds, Qt::UTC).toString(Qt::ISODate);
}

inline std::int64_t unixSeconds(const QString& text) {
    return QDateTime::fromString(text, Qt::ISODate).toSecsSinceEpoch();
}

} // namespace topcoat::db

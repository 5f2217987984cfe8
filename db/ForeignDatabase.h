#pragma once

// Tells a file Topcoat may write to (missing, empty, or a Topcoat database) from one it must
// not (another program's SQLite database, or not SQLite at all), before anything writes to it.

#include <QString>

namespace topcoat::db {

// Throws DbError naming the file when it is not Topcoat's to write. Reads only: a refused file
// is left byte for byte as it was.
void refuseForeignDatabase(const QString& path);

} // namespace topcoat::db

#pragma once

// Files only their owner may read (mode 0600), for the secrets the console keeps on disk: the
// admin token of a remote topcoatd. Written whole or not at all.

#include <QByteArray>
#include <QString>
#include <optional>

namespace topcoat::ui {

// Writes `data` to a new 0600 file beside `path`, flushes it to disk and renames it over
// `path` (creating the directory, 0700, if missing). False with `error` set when it fails.
bool writePrivateFile(const QString& path, const QByteArray& data, QString* error = nullptr);

// The file's bytes; nothing when it does not exist or cannot be read.
std::optional<QByteArray> readPrivateFile(const QString& path);

} // namespace topcoat::ui

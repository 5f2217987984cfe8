#include "PrivateFile.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace topcoat::ui {
namespace {

bool fail(QString* error, const QString& what) {
    if (error)
        *error = QStringLiteral("%1: %2").arg(what, QString::fromLocal8Bit(std::strerror(errno)));
    return false;
}

} // namespace

bool writePrivateFile(const QString& path, const QByteArray& data, QString* error) {
    const QFileInfo target(path);
    if (!QDir().mkpath(target.absolutePath()))
        return fail(error, QStringLiteral("cannot create %1").arg(target.absolutePath()));
    QFile::setPermissions(target.absolutePath(),
                          QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);

    // Created 0600 by open(2) itself: there is no moment when the secret is readable by others.
    const auto partial = QFile::encodeName(path + QStringLiteral(".partial"));
    const int fd = ::open(partial.constData(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0)
        return fail(error, QStringLiteral("cannot create %1").arg(QString::fromLocal8Bit(partial)));
    ::fchmod(fd, 0600); // a partial file left by a crash keeps its old mode otherwise
    qsizetype written = 0;
    while (written < data.size()) {
        const auto n = ::write(fd, data.constData() + written, data.size() - written);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ::close(fd);
            ::unlink(partial.constData());
            return fail(error, QStringLiteral("cannot write %1").arg(path));
        }
        written += n;
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        ::unlink(partial.constData());
        return fail(error, QStringLiteral("cannot write %1").arg(path));
    }
    if (std::rename(partial.constData(), QFile::encodeName(path).constData()) != 0) {
        ::unlink(partial.constData());
        return fail(error, QStringLiteral("cannot replace %1").arg(path));
    }
    return true;
}

std::optional<QByteArray> readPrivateFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.readAll();
}

} // namespace topcoat::ui

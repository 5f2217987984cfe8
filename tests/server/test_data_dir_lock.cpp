// One owner per data dir (server/DataDirLock) and the Storefront that holds it for its life:
// a second lock or storefront on the dir is refused naming the holder, the dir is free again
// once the holder is gone (also after a failed start), and a killed holder's pid left in the
// file does not matter.

#include "db/DbError.h"
#include "server/DataDirLock.h"
#include "server/Storefront.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <memory>
#include <unistd.h>

using namespace topcoat;

namespace {

QByteArray lockFileText(const std::filesystem::path& dataDir) {
    QFile file(QString::fromStdString(DataDirLock::lockFile(dataDir).string()));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

std::string inUseMessage(const std::filesystem::path& dataDir) {
    return "the data dir " + dataDir.string() + " is in use by another Topcoat process (pid " +
           std::to_string(::getpid()) + ")";
}

StorefrontOptions onFreePorts(const std::filesystem::path& dataDir) {
    StorefrontOptions options;
    options.dataDir = dataDir;
    options.port = 0;
    options.adminPort = 0;
    options.adminToken = "test-admin-token";
    options.logToStderr = false;
    return options;
}

} // namespace

class DataDirLockTest : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;
    int dirs_ = 0;

    std::filesystem::path freshDir() {
        const auto dir = scratch_.filePath(QString::number(++dirs_)).toStdString();
        std::filesystem::create_directories(dir);
        return dir;
    }

private slots:
    void secondLockIsRefusedNamingTheHolder() {
        const auto dir = freshDir();
        const DataDirLock held(dir);
        QCOMPARE(lockFileText(dir), QByteArray::number(::getpid()) + '\n');
        try {
            DataDirLock second(dir);
            QFAIL("a second lock on the same dir was granted");
        } catch (const DataDirInUse& inUse) {
            QCOMPARE(std::string(inUse.what()), inUseMessage(dir));
        }
    }

    void releasedLockCanBeTakenAgain() {
        const auto dir = freshDir();
        { const DataDirLock first(dir); }
        QVERIFY(lockFileText(dir).isEmpty()); // a free dir names no holder
        const DataDirLock again(dir);
        QCOMPARE(lockFileText(dir), QByteArray::number(::getpid()) + '\n');
    }

    // What a holder killed with SIGKILL leaves: its pid, and no lock (the kernel dropped it).
    void staleLockFileIsTakenOver() {
        const auto dir = freshDir();
        QFile stale(QString::fromStdString(DataDirLock::lockFile(dir).string()));
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.write("4194303\nleft over by a killed process\n");
        stale.close();
        const DataDirLock taken(dir);
        QCOMPARE(lockFileText(dir), QByteArray::number(::getpid()) + '\n');
    }

    // The console stops its storefront and starts a new one on the same dir.
    void storefrontHoldsTheDirUntilStopped() {
        const auto dir = freshDir();
        auto first = std::make_unique<Storefront>(onFreePorts(dir));
        first->start();
        Storefront second(onFreePorts(dir));
        QVERIFY_THROWS_EXCEPTION(DataDirInUse, second.start());

        first->stop();
        Storefront restarted(onFreePorts(dir));
        restarted.start();
        QVERIFY(restarted.port() != 0);
        restarted.stop();
        first.reset();
        const DataDirLock free(dir);
    }

    void failedStartReleasesTheDir() {
        const auto dir = freshDir();
        QFile notADatabase(QString::fromStdString((dir / "topcoat.db").string()));
        QVERIFY(notADatabase.open(QIODevice::WriteOnly));
        notADatabase.write("not a database");
        notADatabase.close();

        Storefront refused(onFreePorts(dir));
        QVERIFY_THROWS_EXCEPTION(db::DbError, refused.start());
        refused.stop();
        const DataDirLock free(dir);
    }
};

QTEST_GUILESS_MAIN(DataDirLockTest)
#include "test_data_dir_lock.moc"

// What the console remembers: the admin token only in a 0600 file (also the one an older
// version left in the settings file), pins and public addresses per server.

#include "ui/ConsoleSettings.h"
#include "ui/PrivateFile.h"

#include <QFileInfo>
#include <QSettings>
#include <QTemporaryDir>
#include <QtTest>
#include <sys/stat.h>

using topcoat::ui::ConsoleSettings;

namespace {

int modeOf(const QString& path) {
    struct stat info {};
    return ::stat(QFile::encodeName(path).constData(), &info) == 0 ? int(info.st_mode & 07777) : -1;
}

} // namespace

class ConsoleSettingsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString iniPath() const { return dir_.filePath(QStringLiteral("config/topcoat.conf")); }

private slots:
    void init() {
        QVERIFY(dir_.isValid());
        QDir(dir_.path()).removeRecursively();
        QDir().mkpath(dir_.path());
    }

    void theTokenIsOnlyInAFileItsOwnerCanRead() {
        {
            ConsoleSettings settings(iniPath());
            QVERIFY(settings.setRemoteToken(QStringLiteral("s3cret-token")));
            settings.setRemoteAdminUrl(QUrl(QStringLiteral("https://shop.example:8443")));
        }
        ConsoleSettings settings(iniPath());
        QCOMPARE(settings.remoteToken(), QStringLiteral("s3cret-token"));
        QCOMPARE(modeOf(settings.tokenPath()), 0600);
        QCOMPARE(modeOf(QFileInfo(settings.tokenPath()).absolutePath()), 0700);
        QFile ini(iniPath());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("s3cret-token"));

        QVERIFY(settings.setRemoteToken({}));
        QVERIFY(!QFile::exists(settings.tokenPath()));
        QVERIFY(settings.remoteToken().isEmpty());
    }

    void aTokenLeftInTheSettingsFileMovesToTheTokenFile() {
        {
            QSettings old(iniPath(), QSettings::IniFormat);
            old.setValue(QStringLiteral("server/remoteToken"), QStringLiteral("old-token"));
        }
        QVERIFY(QFile(iniPath()).size() > 0);
        ConsoleSettings settings(iniPath());
        QCOMPARE(settings.remoteToken(), QStringLiteral("old-token"));
        QCOMPARE(modeOf(settings.tokenPath()), 0600);
        QFile ini(iniPath());
        QVERIFY(ini.open(QIODevice::ReadOnly));
        QVERIFY(!ini.readAll().contains("old-token"));
    }

    void aStaleFileModeIsNotKept() {
        // A partial file a crash left readable by everyone: rewritten 0600, never reused as is.
        ConsoleSettings settings(iniPath());
        const auto partial = settings.tokenPath() + QStringLiteral(".partial");
        QDir().mkpath(QFileInfo(partial).absolutePath());
        QFile stale(partial);
        QVERIFY(stale.open(QIODevice::WriteOnly));
        stale.close();
        QVERIFY(QFile::setPermissions(partial, QFile::ReadOwner | QFile::WriteOwner |
                                                   QFile::ReadOther | QFile::ReadGroup));
        QVERIFY(settings.setRemoteToken(QStringLiteral("t")));
        QCOMPARE(modeOf(settings.tokenPath()), 0600);
        QVERIFY(!QFile::exists(partial));
    }

    void anUnwritableTokenFileIsReported() {
        const auto blocked = dir_.filePath(QStringLiteral("blocked"));
        QFile file(blocked);
        QVERIFY(file.open(QIODevice::WriteOnly)); // a file where the directory should be
        file.close();
        QString error;
        QVERIFY(!topcoat::ui::writePrivateFile(blocked + QStringLiteral("/token"), "x", &error));
        QVERIFY(!error.isEmpty());
    }

    void pinsAndPublicAddressesArePerServer() {
        ConsoleSettings settings(iniPath());
        const QUrl first(QStringLiteral("https://one.example:8443"));
        const QUrl second(QStringLiteral("https://two.example:8443"));
        settings.setPinnedFingerprint(first, QStringLiteral("AA:BB"));
        QCOMPARE(settings.pinnedFingerprint(first), QStringLiteral("AA:BB"));
        QVERIFY(settings.pinnedFingerprint(second).isEmpty());
        QVERIFY(
            settings.pinnedFingerprint(QUrl(QStringLiteral("https://one.example:9443"))).isEmpty());
        settings.setPinnedFingerprint(first, {});
        QVERIFY(settings.pinnedFingerprint(first).isEmpty());

        settings.setPublicUrl({}, QUrl(QStringLiteral("https://embedded.example")));
        settings.setPublicUrl(first, QUrl(QStringLiteral("https://shop.example")));
        QCOMPARE(settings.publicUrl({}), QUrl(QStringLiteral("https://embedded.example")));
        QCOMPARE(settings.publicUrl(first), QUrl(QStringLiteral("https://shop.example")));
        QVERIFY(settings.publicUrl(second).isEmpty());
    }

    void theStaffNameIsKeptAndStaffBeforeAnyIsGiven() {
        {
            ConsoleSettings settings(iniPath());
            QCOMPARE(settings.staffName(), QStringLiteral("staff"));
            settings.setStaffName(QStringLiteral("  Ann  "));
        }
        ConsoleSettings again(iniPath());
        QCOMPARE(again.staffName(), QStringLiteral("Ann"));
        again.setStaffName(QString());
        QCOMPARE(again.staffName(), QStringLiteral("staff"));
    }
};

QTEST_GUILESS_MAIN(ConsoleSettingsTest)
#include "test_console_settings.moc"

#include "FileDialogs.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QSettings>
#include <QStandardPaths>

namespace topcoat::ui {
namespace {

const QString folderKey = QStringLiteral("files/lastFolder");

} // namespace

QString fileDialogFolder() {
    const auto remembered = QSettings().value(folderKey).toString();
    if (!remembered.isEmpty() && QFileInfo(remembered).isDir())
        return remembered;
    const auto documents = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    return QFileInfo(documents).isDir() ? documents : QDir::homePath();
}

void rememberFileDialogFolder(const QString& chosenFile) {
    if (!chosenFile.isEmpty())
        QSettings().setValue(folderKey, QFileInfo(chosenFile).absolutePath());
}

QString chooseFileToOpen(QWidget* parent, const QString& title, const QString& filter) {
    const auto path = QFileDialog::getOpenFileName(parent, title, fileDialogFolder(), filter);
    rememberFileDialogFolder(path);
    return path;
}

QString chooseFileToSave(QWidget* parent, const QString& title, const QString& suggestedName,
                         const QString& filter) {
    const auto path = QFileDialog::getSaveFileName(
        parent, title, QDir(fileDialogFolder()).filePath(suggestedName), filter);
    rememberFileDialogFolder(path);
    return path;
}

} // namespace topcoat::ui

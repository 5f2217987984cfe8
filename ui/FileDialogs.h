#pragma once

// The console's file dialogs: the first opens in the user's Documents folder, every later one
// where the last file was chosen, so an owner exporting orders after each sale is not sent
// back to the working directory of the process each time.

#include <QString>

class QWidget;

namespace topcoat::ui {

// An existing file to read; empty when the owner cancels.
QString chooseFileToOpen(QWidget* parent, const QString& title, const QString& filter);
// Where to write `suggestedName`; empty when the owner cancels.
QString chooseFileToSave(QWidget* parent, const QString& title, const QString& suggestedName,
                         const QString& filter);

// The folder the next dialog opens in (Documents at first), for tests.
QString fileDialogFolder();
void rememberFileDialogFolder(const QString& chosenFile);

} // namespace topcoat::ui

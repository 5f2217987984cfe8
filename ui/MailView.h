#pragma once

// The Mail screen: whether the storefront sends its order e-mails and through which server, the
// owner's template for each kind of message (subject, plain text and HTML, with the placeholders
// the server fills), saved or put back to the default, and a test message sent on demand.

#include "ConsoleSession.h"
#include "MailTypes.h"

#include <QMap>
#include <QWidget>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QMessageBox;
class QPlainTextEdit;
class QPushButton;

namespace topcoat::ui {

class MailView : public QWidget {
    Q_OBJECT

public:
    explicit MailView(ConsoleSession& session, QWidget* parent = nullptr);

    // Asks the server for the mail setup and shows it, dropping what was typed and not saved.
    // Done by itself when first shown, and again when the server answers after a break.
    void load();

    // The setup as the server last gave it; nothing before the first answer.
    const std::optional<MailSettings>& settings() const { return settings_; }
    // The kind whose template is in the editors.
    QString shownKind() const { return shownKind_; }
    // Whether that template differs from the server's.
    bool unsaved() const;
    // The "Back to default" question while it is open, else nullptr.
    QMessageBox* resetConfirmation() const { return resetBox_; }

signals:
    // The setup was read, saved or reset: settings() is the server's answer.
    void mailRefreshed();
    // A read, save or reset was refused or failed; the reason is shown on the screen.
    void mailRefused(const QString& message);
    // A test message was answered: sent, or the server's reason why not.
    void testAnswered(bool sent, const QString& message);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onKindChosen(int index);
    void onEditorsChanged();
    void onPlaceholderClicked(QListWidgetItem* item);
    void onSaveClicked();
    void onResetClicked();
    void onSendTestClicked();
    void onReachabilityChanged(ConsoleSession::Reachability reachability);
    // Takes the server's answer: `kind`'s draft follows it (every kind's when empty).
    void adopt(const MailSettings& settings, const QString& kind);
    void showDraft();
    void showMarker();
    void showStatus();
    void say(QLabel* label, const QString& text, bool problem);
    void setBusy(bool busy);

    AdminClient& client_;
    QLabel* status_ = nullptr;
    QComboBox* kind_ = nullptr;
    QLabel* marker_ = nullptr;
    QLineEdit* subject_ = nullptr;
    QPlainTextEdit* text_ = nullptr;
    QPlainTextEdit* html_ = nullptr;
    QListWidget* placeholders_ = nullptr;
    QPushButton* save_ = nullptr;
    QPushButton* reset_ = nullptr;
    QLabel* message_ = nullptr;
    QLineEdit* testAddress_ = nullptr;
    QComboBox* testKind_ = nullptr;
    QPushButton* sendTest_ = nullptr;
    QLabel* testResult_ = nullptr;
    QMessageBox* resetBox_ = nullptr; // deletes itself on close
    // Where a clicked placeholder goes: the editor the owner was last typing in.
    QWidget* lastEditor_ = nullptr;

    std::optional<MailSettings> settings_;
    // What the editors hold for each kind, so switching kinds does not lose typing.
    QMap<QString, MailTemplate> drafts_;
    QString shownKind_;
    bool filling_ = false;   // the editors are being filled, not typed in
    bool requested_ = false; // load() has been asked for at least once
    ConsoleSession::Reachability reachability_ = ConsoleSession::Reachability::Connecting;
};

} // namespace topcoat::ui

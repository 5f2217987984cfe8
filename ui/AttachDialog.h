#pragma once

// Asks for the remote topcoatd to manage: its admin URL (http:// through an SSH tunnel, or
// https://), the admin token, and the client certificate the admin site may ask for.

#include <QDialog>
#include <QString>
#include <QUrl>

class QLineEdit;
class QLabel;

namespace topcoat::ui {

struct AttachRequest {
    QUrl adminUrl;
    QString token;
    QString clientCertificatePath; // PEM; empty: none
    QString clientKeyPath;
};

// Why `url` cannot be an admin URL ("" when it can): http:// or https:// with a host.
QString adminUrlProblem(const QUrl& url);

class AttachDialog : public QDialog {
    Q_OBJECT

public:
    explicit AttachDialog(QWidget* parent = nullptr);

    AttachRequest request() const;
    // Why the entries cannot be used yet ("" when they can); shown under the form.
    QString problem() const;

private:
    void browse(QLineEdit* field, const QString& title);
    void accept() override;

    QLineEdit* url_;
    QLineEdit* token_;
    QLineEdit* certificate_;
    QLineEdit* key_;
    QLabel* problem_;
};

} // namespace topcoat::ui

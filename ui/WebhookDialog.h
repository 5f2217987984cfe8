#pragma once

// Asks for a new webhook: the receiver's http:// URL and the order events it wants (all of them
// ticked to start with). The server checks the URL; the dialog only keeps an empty one out.

#include <QDialog>
#include <QMap>

class QCheckBox;
class QLineEdit;
class QPushButton;

namespace topcoat::ui {

class WebhookDialog : public QDialog {
    Q_OBJECT

public:
    explicit WebhookDialog(QWidget* parent = nullptr);

    QString url() const;
    // The ticked event types, in the order of an order's life.
    QStringList events() const;

    QLineEdit* urlField() const { return url_; }
    QCheckBox* eventBox(const QString& type) const { return events_.value(type); }

private:
    void updateButton();

    QLineEdit* url_;
    QMap<QString, QCheckBox*> events_;
    QPushButton* add_;
};

} // namespace topcoat::ui

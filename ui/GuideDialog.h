#pragma once

// A section of the README, built into the console, in a window of its own: the guide the
// Server screen links to ("Put your shop online") is there with no network and no browser.

#include <QDialog>
#include <QString>

namespace topcoat::ui {

// The section under `heading` ("## Put your shop online") up to the next heading of the same
// level; empty if the README has none.
QString readmeSection(const QString& markdown, const QString& heading);

class GuideDialog : public QDialog {
    Q_OBJECT

public:
    // `heading`: a level-2 heading of the README, e.g. "Put your shop online".
    explicit GuideDialog(const QString& heading, QWidget* parent = nullptr);

    QString markdown() const { return markdown_; } // what is shown, for tests

private:
    QString markdown_;
};

} // namespace topcoat::ui

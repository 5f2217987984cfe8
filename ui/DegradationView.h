#pragma once

// The Degradation screen: the switches of the features that can go under load (reviews,
// recommendations, search, wishlists) with their current state, the automatic mode, and the
// timeline of every change with who or what made it and why.

#include "ConsoleSession.h"

#include <QMap>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTableWidget;

namespace topcoat::ui {

class DegradationView : public QWidget {
    Q_OBJECT

public:
    // Reads the state at once, then whenever the session says it is due.
    explicit DegradationView(ConsoleSession& session, QWidget* parent = nullptr);

    // The state last shown, for tests and the window.
    const DegradationState& state() const { return state_; }

signals:
    void stateRefreshed();

public slots:
    void refresh();

private:
    void onSwitchToggled(const QString& feature, bool on);
    void onAutomaticToggled(bool on);
    void display(const DegradationState& state);
    void apply(const QMap<QString, bool>& features, std::optional<bool> automatic);

    AdminClient& client_;
    QMap<QString, QCheckBox*> switches_;
    QCheckBox* automatic_;
    QLineEdit* reason_;
    QLabel* message_;
    QTableWidget* timeline_;
    bool pending_ = false;
    DegradationState state_;
};

} // namespace topcoat::ui

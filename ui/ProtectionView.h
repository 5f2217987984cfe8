#pragma once

// The Protection screen: how the storefront holds up in a flash sale (the waiting room's queue,
// people let in, requests refused for coming too fast or while the server is full) as the
// console session reads them, drawn while the screen is in front (with the history the session
// already holds when it comes to front), and the form that changes those protections, checked
// before it is sent and sending only what changed. While the server does not answer, the
// read-outs and charts are greyed out with the time of the last good reading.

#include "ConsoleSession.h"
#include "ProtectionHistory.h"

#include <QWidget>
#include <optional>

class QLabel;
class QPushButton;

namespace topcoat::ui {

class ProtectionChart;
class ProtectionForm;

class ProtectionView : public QWidget {
    Q_OBJECT

public:
    explicit ProtectionView(ConsoleSession& session, QWidget* parent = nullptr);

    // Whether the screen draws the live counts (the window turns it off while another screen is
    // in front). Coming to front draws what the session holds at once, and reloads the settings
    // unless the owner is editing them.
    void setFollowing(bool following);

    // For tests and the window.
    const std::optional<ProtectionSettings>& settings() const { return loaded_; }
    const ProtectionHistory& history() const { return session_.protection(); }
    // Whether the counts shown are live (false: greyed out, the server is not answering).
    bool showsLiveFigures() const;
    const ProtectionChart& queueChart() const { return *queueChart_; }
    const ProtectionChart& refusedChart() const { return *refusedChart_; }

signals:
    void settingsLoaded();
    void settingsApplied();
    // The server refused a change; `message` is its reason, as shown next to the form.
    void settingsRefused(const QString& message);
    // The counts the session holds were drawn.
    void countsUpdated();

private:
    QWidget* buildReadouts();
    void loadSettings();
    void onBeat();
    void onStatsUpdated();
    void onReachabilityChanged();
    void showCounts();
    void showReadingAge();
    void onEdited();
    void onApplyClicked();
    void onRevertClicked();
    void showReadouts();
    void showMessage(const QString& text, bool problem);
    bool editing() const;

    ConsoleSession& session_;
    AdminClient& client_;
    std::optional<ProtectionSettings> loaded_;
    bool following_ = false;
    bool settingsPending_ = false;
    bool applyPending_ = false;

    QLabel* waiting_ = nullptr;
    QLabel* waitingNote_ = nullptr;
    QLabel* admitted_ = nullptr;
    QLabel* admittedNote_ = nullptr;
    QLabel* rateLimited_ = nullptr;
    QLabel* shed_ = nullptr;
    QLabel* inFlight_ = nullptr;
    QLabel* inFlightNote_ = nullptr;
    QLabel* updated_ = nullptr;
    QWidget* readouts_ = nullptr;
    ProtectionChart* queueChart_ = nullptr;
    ProtectionChart* refusedChart_ = nullptr;
    ProtectionForm* form_ = nullptr;
    QLabel* message_ = nullptr;
    QPushButton* revert_ = nullptr;
    QPushButton* apply_ = nullptr;
};

} // namespace topcoat::ui

#pragma once

// The Protection screen: how the storefront holds up in a flash sale (the waiting room's queue,
// people let in, requests refused for coming too fast or while the server is full) read live
// from the admin API once a second while the screen is in front, and the form that changes
// those protections, checked before it is sent and sending only what changed.

#include "AdminClient.h"
#include "ProtectionHistory.h"

#include <QTimer>
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
    explicit ProtectionView(AdminClient& client, QWidget* parent = nullptr);

    // Whether the screen reads live counts (the window turns it off while another screen is in
    // front). Coming to front also reloads the settings, unless the owner is editing them.
    void setFollowing(bool following);

    // For tests and the window.
    const std::optional<ProtectionSettings>& settings() const { return loaded_; }
    const ProtectionHistory& history() const { return history_; }
    const ProtectionChart& queueChart() const { return *queueChart_; }
    const ProtectionChart& refusedChart() const { return *refusedChart_; }

signals:
    void settingsLoaded();
    void settingsApplied();
    // The server refused a change; `message` is its reason, as shown next to the form.
    void settingsRefused(const QString& message);
    // Fresh counts were read and shown.
    void countsUpdated();

private:
    QWidget* buildReadouts();
    void loadSettings();
    void onStatsTick();
    void onStatsReceived(const ApiResult<Stats>& result);
    void onEdited();
    void onApplyClicked();
    void onRevertClicked();
    void showReadouts();
    void showMessage(const QString& text, bool problem);
    bool editing() const;

    AdminClient& client_;
    ProtectionHistory history_;
    std::optional<ProtectionSettings> loaded_;
    QTimer statsTimer_;
    bool following_ = false;
    bool statsPending_ = false;
    bool settingsPending_ = false;
    bool applyPending_ = false;
    qint64 sinceMs_ = 0;

    QLabel* waiting_ = nullptr;
    QLabel* waitingNote_ = nullptr;
    QLabel* admitted_ = nullptr;
    QLabel* admittedNote_ = nullptr;
    QLabel* rateLimited_ = nullptr;
    QLabel* shed_ = nullptr;
    QLabel* inFlight_ = nullptr;
    QLabel* inFlightNote_ = nullptr;
    QLabel* updated_ = nullptr;
    ProtectionChart* queueChart_ = nullptr;
    ProtectionChart* refusedChart_ = nullptr;
    ProtectionForm* form_ = nullptr;
    QLabel* message_ = nullptr;
    QPushButton* revert_ = nullptr;
    QPushButton* apply_ = nullptr;
};

} // namespace topcoat::ui

#include "MailView.h"

#include <QApplication>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace topcoat::ui {
namespace {

QString apiMessage(const ApiError& error) {
    return error.message.isEmpty() ? error.code : error.message;
}

// The owner's word for each kind on the wire.
QString kindLabel(const QString& kind) {
    if (kind == QLatin1String("confirmation"))
        return QObject::tr("Order confirmation");
    if (kind == QLatin1String("paid"))
        return QObject::tr("Payment received");
    if (kind == QLatin1String("shipped"))
        return QObject::tr("Order shipped");
    if (kind == QLatin1String("cancelled"))
        return QObject::tr("Order cancelled");
    return kind;
}

void fillKinds(QComboBox& box) {
    for (const auto& kind : mailKinds())
        box.addItem(kindLabel(kind), kind);
}

QPlainTextEdit* editor(const char* name, QWidget* parent) {
    auto* edit = new QPlainTextEdit(parent);
    edit->setObjectName(QString::fromLatin1(name));
    edit->setLineWrapMode(QPlainTextEdit::WidgetWidth);
    edit->setTabChangesFocus(true);
    return edit;
}

} // namespace

MailView::MailView(ConsoleSession& session, QWidget* parent)
    : QWidget(parent), client_(session.client()) {
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("mailStatus"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    kind_ = new QComboBox(this);
    kind_->setObjectName(QStringLiteral("mailKind"));
    fillKinds(*kind_);
    marker_ = new QLabel(this);
    marker_->setObjectName(QStringLiteral("mailMarker"));
    auto* kindRow = new QHBoxLayout;
    kindRow->addWidget(new QLabel(tr("Message"), this));
    kindRow->addWidget(kind_);
    kindRow->addWidget(marker_, 1);

    subject_ = new QLineEdit(this);
    subject_->setObjectName(QStringLiteral("mailSubject"));
    subject_->setMaxLength(200);
    auto* subjectRow = new QFormLayout;
    subjectRow->addRow(tr("Subject"), subject_);

    text_ = editor("mailText", this);
    html_ = editor("mailHtml", this);
    placeholders_ = new QListWidget(this);
    placeholders_->setObjectName(QStringLiteral("mailPlaceholders"));
    placeholders_->setMaximumWidth(180);
    placeholders_->setToolTip(tr("Click one to put it where the cursor is"));
    const auto column = [this](const QString& heading, QWidget* widget) {
        auto* layout = new QVBoxLayout;
        layout->addWidget(new QLabel(heading, this));
        layout->addWidget(widget, 1);
        return layout;
    };
    auto* editors = new QHBoxLayout;
    editors->addLayout(column(tr("Plain text"), text_), 1);
    editors->addLayout(column(tr("HTML"), html_), 1);
    editors->addLayout(column(tr("Placeholders"), placeholders_));

    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("mailMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    reset_ = new QPushButton(tr("Back to default"), this);
    reset_->setObjectName(QStringLiteral("mailReset"));
    save_ = new QPushButton(tr("Save"), this);
    save_->setObjectName(QStringLiteral("mailSave"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(message_, 1);
    buttons->addWidget(reset_);
    buttons->addWidget(save_);

    testAddress_ = new QLineEdit(this);
    testAddress_->setObjectName(QStringLiteral("mailTestAddress"));
    testAddress_->setPlaceholderText(tr("you@example.com"));
    testAddress_->setMaxLength(254);
    testKind_ = new QComboBox(this);
    testKind_->setObjectName(QStringLiteral("mailTestKind"));
    fillKinds(*testKind_);
    sendTest_ = new QPushButton(tr("Send test to…"), this);
    sendTest_->setObjectName(QStringLiteral("mailSendTest"));
    testResult_ = new QLabel(this);
    testResult_->setObjectName(QStringLiteral("mailTestResult"));
    testResult_->setWordWrap(true);
    testResult_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // The saved template is what goes out, filled with a sample order, not what is typed.
    auto* test = new QGroupBox(tr("Test message (the saved template, with a sample order)"), this);
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(sendTest_);
    testRow->addWidget(testAddress_, 1);
    testRow->addWidget(testKind_);
    auto* testLayout = new QVBoxLayout(test);
    testLayout->addLayout(testRow);
    testLayout->addWidget(testResult_);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(status_);
    layout->addLayout(kindRow);
    layout->addLayout(subjectRow);
    layout->addLayout(editors, 1);
    layout->addLayout(buttons);
    layout->addWidget(test);

    connect(kind_, &QComboBox::currentIndexChanged, this, &MailView::onKindChosen);
    connect(subject_, &QLineEdit::textChanged, this, &MailView::onEditorsChanged);
    connect(text_, &QPlainTextEdit::textChanged, this, &MailView::onEditorsChanged);
    connect(html_, &QPlainTextEdit::textChanged, this, &MailView::onEditorsChanged);
    connect(placeholders_, &QListWidget::itemClicked, this, &MailView::onPlaceholderClicked);
    connect(save_, &QPushButton::clicked, this, &MailView::onSaveClicked);
    connect(reset_, &QPushButton::clicked, this, &MailView::onResetClicked);
    connect(sendTest_, &QPushButton::clicked, this, &MailView::onSendTestClicked);
    connect(qApp, &QApplication::focusChanged, this, [this](QWidget*, QWidget* now) {
        if (now == subject_ || now == text_ || now == html_)
            lastEditor_ = now;
    });
    connect(&session, &ConsoleSession::reachabilityChanged, this, &MailView::onReachabilityChanged);

    shownKind_ = kind_->currentData().toString();
    lastEditor_ = text_;
    setBusy(true); // nothing to edit until the server's templates arrive
    showStatus();
}

void MailView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    if (!requested_)
        load();
}

void MailView::load() {
    requested_ = true;
    client_.mail(this, [this](const ApiResult<MailSettings>& result) {
        if (!result.ok()) {
            const auto reason = apiMessage(*result.error);
            say(message_, tr("Could not read the e-mails: %1").arg(reason), true);
            emit mailRefused(reason);
            return;
        }
        adopt(*result.value, QString());
        say(message_, QString(), false);
        emit mailRefreshed();
    });
}

bool MailView::unsaved() const {
    if (!settings_)
        return false;
    const auto draft = drafts_.value(shownKind_);
    return !draft.sameContent(settings_->templates.value(shownKind_));
}

void MailView::onReachabilityChanged(ConsoleSession::Reachability reachability) {
    const bool wasCut = reachability_ == ConsoleSession::Reachability::Unreachable ||
                        reachability_ == ConsoleSession::Reachability::TokenRefused;
    reachability_ = reachability;
    // Back after a break (perhaps another storefront, or a restarted one): read again, unless
    // that would throw away typing not yet saved.
    bool anyUnsaved = false;
    if (settings_)
        for (const auto& kind : mailKinds())
            anyUnsaved = anyUnsaved || !drafts_.value(kind).sameContent(settings_->templates[kind]);
    if (reachability == ConsoleSession::Reachability::Reachable && wasCut && requested_ &&
        !anyUnsaved)
        load();
}

void MailView::adopt(const MailSettings& settings, const QString& kind) {
    settings_ = settings;
    if (kind.isEmpty())
        drafts_ = settings.templates;
    else
        drafts_.insert(kind, settings.templates.value(kind));
    placeholders_->clear();
    for (const auto& name : settings.placeholders)
        placeholders_->addItem(QStringLiteral("{{%1}}").arg(name));
    setBusy(false);
    showStatus();
    showDraft();
}

void MailView::onKindChosen(int index) {
    shownKind_ = kind_->itemData(index).toString();
    // The test follows the template being looked at; the owner may still pick another.
    testKind_->setCurrentIndex(index);
    say(message_, QString(), false);
    showDraft();
}

void MailView::onEditorsChanged() {
    if (filling_ || !settings_)
        return;
    drafts_.insert(shownKind_, MailTemplate{subject_->text(), text_->toPlainText(),
                                            html_->toPlainText(), false});
    showMarker();
}

void MailView::showDraft() {
    const auto draft = drafts_.value(shownKind_);
    filling_ = true;
    subject_->setText(draft.subject);
    text_->setPlainText(draft.text);
    html_->setPlainText(draft.html);
    filling_ = false;
    showMarker();
}

void MailView::showMarker() {
    if (!settings_) {
        marker_->clear();
        return;
    }
    const bool edited = settings_->templates.value(shownKind_).edited;
    auto text = edited ? tr("edited") : tr("default");
    if (unsaved())
        text += tr(" — changes not saved");
    marker_->setText(text);
    marker_->setProperty("edited", edited);
    reset_->setEnabled(edited && save_->isEnabled());
}

void MailView::showStatus() {
    if (!settings_) {
        status_->setText(tr("Reading the e-mail setup…"));
        return;
    }
    status_->setText(settings_->sending
                         ? tr("Order e-mails are sent through %1 from %2.")
                               .arg(settings_->server, settings_->from)
                         : tr("Mail is off: start topcoatd with --smtp and --mail-from"));
}

void MailView::onPlaceholderClicked(QListWidgetItem* item) {
    if (auto* line = qobject_cast<QLineEdit*>(lastEditor_))
        line->insert(item->text());
    else if (auto* edit = qobject_cast<QPlainTextEdit*>(lastEditor_))
        edit->insertPlainText(item->text());
    lastEditor_->setFocus();
}

void MailView::onSaveClicked() {
    if (!settings_)
        return;
    const auto kind = shownKind_;
    setBusy(true);
    say(message_, tr("Saving…"), false);
    client_.setMailTemplate(
        kind, drafts_.value(kind), this, [this, kind](const ApiResult<MailSettings>& result) {
            setBusy(false);
            if (!result.ok()) {
                // What was typed stays, so the owner can correct what the server named.
                const auto reason = apiMessage(*result.error);
                say(message_, tr("Not saved: %1").arg(reason), true);
                showMarker();
                emit mailRefused(reason);
                return;
            }
            adopt(*result.value, kind);
            say(message_, tr("Saved: the next %1 e-mail uses it.").arg(kindLabel(kind).toLower()),
                false);
            emit mailRefreshed();
        });
}

void MailView::onResetClicked() {
    if (!settings_ || resetBox_)
        return;
    const auto kind = shownKind_;
    resetBox_ = new QMessageBox(
        QMessageBox::Question, tr("Back to default"),
        tr("Put the %1 e-mail back to Topcoat's default? Your wording of it is lost.")
            .arg(kindLabel(kind).toLower()),
        QMessageBox::Yes | QMessageBox::No, this);
    resetBox_->setObjectName(QStringLiteral("mailResetConfirm"));
    resetBox_->setDefaultButton(QMessageBox::No);
    resetBox_->setAttribute(Qt::WA_DeleteOnClose);
    connect(resetBox_, &QMessageBox::finished, this, [this, kind](int answer) {
        resetBox_ = nullptr;
        if (answer != QMessageBox::Yes)
            return;
        setBusy(true);
        client_.resetMailTemplate(kind, this, [this, kind](const ApiResult<MailSettings>& result) {
            setBusy(false);
            if (!result.ok()) {
                const auto reason = apiMessage(*result.error);
                say(message_, tr("Not put back: %1").arg(reason), true);
                showMarker();
                emit mailRefused(reason);
                return;
            }
            adopt(*result.value, kind);
            say(message_, tr("Back to the default wording."), false);
            emit mailRefreshed();
        });
    });
    resetBox_->open();
}

void MailView::onSendTestClicked() {
    const auto to = testAddress_->text().trimmed();
    if (to.isEmpty()) {
        say(testResult_, tr("Type the address to send the test to."), true);
        return;
    }
    sendTest_->setEnabled(false);
    say(testResult_, tr("Sending…"), false);
    client_.sendTestMail(to, testKind_->currentData().toString(), this,
                         [this, to](const ApiResult<bool>& result) {
                             sendTest_->setEnabled(true);
                             if (!result.ok()) {
                                 const auto reason = apiMessage(*result.error);
                                 say(testResult_, tr("Not sent: %1").arg(reason), true);
                                 emit testAnswered(false, reason);
                                 return;
                             }
                             const auto text = tr("Sent to %1: the mail server took it.").arg(to);
                             say(testResult_, text, false);
                             emit testAnswered(true, text);
                         });
}

void MailView::say(QLabel* label, const QString& text, bool problem) {
    label->setText(text);
    label->setProperty("problem", problem);
    label->setStyleSheet(problem ? QStringLiteral("color: #b00020;") : QString());
}

void MailView::setBusy(bool busy) {
    const bool editable = !busy && settings_.has_value();
    save_->setEnabled(editable);
    subject_->setReadOnly(!editable);
    text_->setReadOnly(!editable);
    html_->setReadOnly(!editable);
    reset_->setEnabled(editable && settings_->templates.value(shownKind_).edited);
}

} // namespace topcoat::ui

// The Mail screen on a real topcoatd: the four kinds of message load with the placeholders; an
// edited subject is saved (and read back from the admin API); a template naming an unknown
// placeholder is refused with the server's message and changes nothing; Back to default, after
// its question; a test message without --smtp shows the server's 409 message. Then a storefront
// sending through a real SMTP server (tests/support/SmtpServer) delivers the test message with the
// edited subject, and the screen fits a 1024×680 window as the last tab.

#include "tests/support/HttpClient.h"
#include "tests/support/SmtpServer.h"
#include "tests/support/TopcoatdProcess.h"
#include "tests/ui/ClientTestKit.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/ManualClock.h"
#include "tests/ui/ScreenFit.h"
#include "ui/ConsoleSession.h"
#include "ui/MailView.h"
#include "ui/MainWindow.h"
#include "ui/SystemClock.h"

#include <QComboBox>
#include <QLabel>
#include <QLayout>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat;
using namespace topcoat::ui;

namespace {

constexpr int answerMs = 20000;

template <typename T> T* part(QWidget& view, const char* name) {
    auto* found = view.findChild<T*>(QString::fromLatin1(name));
    if (!found)
        qFatal("no %s on the Mail screen", name);
    return found;
}

QString labelText(QWidget& view, const char* name) {
    return part<QLabel>(view, name)->text();
}

// GET /admin/mail straight from the server, not through the console's client.
Poco::JSON::Object::Ptr serverTemplate(test::TopcoatdProcess& server, const std::string& kind) {
    test::HttpClient admin("127.0.0.1", server.adminPort());
    admin.setToken(server.adminToken());
    const auto answer = admin.get("/admin/mail");
    if (answer.status != 200)
        return nullptr;
    return answer.json()->getObject("templates")->getObject(kind);
}

} // namespace

class TestMailView : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    test::LiveShop shop_{network_};
    test::ManualClock clock_;
    ConsoleSession session_{shop_.client(), clock_};
    QString defaultSubject_;

    // Shown, which makes the screen read the server; true once it has.
    static bool showAndLoad(MailView& view) {
        QSignalSpy refreshed(&view, &MailView::mailRefreshed);
        view.resize(1000, 600);
        view.show();
        if (!QTest::qWaitForWindowExposed(&view))
            return false;
        return refreshed.wait(answerMs) || refreshed.count() > 0;
    }

    static bool save(MailView& view, QSignalSpy& answered) {
        const int before = answered.count();
        part<QPushButton>(view, "mailSave")->click();
        return answered.count() > before || answered.wait(answerMs);
    }

private slots:
    void initTestCase() {
        const bool started = shop_.start();
        QVERIFY2(started, qPrintable(shop_.error()));
    }

    void loadShowsTheFourKinds() {
        MailView view(session_);
        QVERIFY(showAndLoad(view));
        QVERIFY(view.settings());
        QCOMPARE(view.settings()->templates.keys().size(), 4);
        auto* kinds = part<QComboBox>(view, "mailKind");
        QCOMPARE(kinds->count(), 4);
        QStringList wire;
        for (int i = 0; i < kinds->count(); ++i)
            wire.append(kinds->itemData(i).toString());
        QCOMPARE(wire, QStringList({"confirmation", "paid", "shipped", "cancelled"}));
        QCOMPARE(labelText(view, "mailStatus"),
                 QStringLiteral("Mail is off: start topcoatd with --smtp and --mail-from"));

        // Each kind's default in the editors, marked as such.
        for (int i = 0; i < kinds->count(); ++i) {
            kinds->setCurrentIndex(i);
            const auto expected = view.settings()->templates.value(wire[i]);
            QVERIFY(!expected.subject.isEmpty());
            QCOMPARE(part<QLineEdit>(view, "mailSubject")->text(), expected.subject);
            QCOMPARE(part<QPlainTextEdit>(view, "mailText")->toPlainText(), expected.text);
            QCOMPARE(part<QPlainTextEdit>(view, "mailHtml")->toPlainText(), expected.html);
            QCOMPARE(labelText(view, "mailMarker"), QStringLiteral("default"));
        }
        QVERIFY(!part<QPushButton>(view, "mailReset")->isEnabled()); // nothing to put back
        defaultSubject_ = view.settings()->templates.value(QStringLiteral("confirmation")).subject;

        auto* placeholders = part<QListWidget>(view, "mailPlaceholders");
        QVERIFY(
            !placeholders->findItems(QStringLiteral("{{order_id}}"), Qt::MatchExactly).isEmpty());
        QCOMPARE(placeholders->count(), view.settings()->placeholders.size());
    }

    void aClickedPlaceholderGoesWhereTheCursorIs() {
        MailView view(session_);
        QVERIFY(showAndLoad(view));
        QVERIFY(QTest::qWaitForWindowActive(&view));
        auto* text = part<QPlainTextEdit>(view, "mailText");
        text->setFocus(); // the editor the owner is typing in
        text->setPlainText(QStringLiteral("Hello , thanks"));
        auto cursor = text->textCursor();
        cursor.setPosition(6);
        text->setTextCursor(cursor);
        auto* placeholders = part<QListWidget>(view, "mailPlaceholders");
        auto* item =
            placeholders->findItems(QStringLiteral("{{customer}}"), Qt::MatchExactly).value(0);
        QVERIFY(item);
        QTest::mouseClick(placeholders->viewport(), Qt::LeftButton, {},
                          placeholders->visualItemRect(item).center());
        QCOMPARE(text->toPlainText(), QStringLiteral("Hello {{customer}}, thanks"));

        // The subject too, once the owner is in it.
        auto* subject = part<QLineEdit>(view, "mailSubject");
        subject->setFocus();
        subject->setCursorPosition(0);
        const auto before = subject->text();
        item = placeholders->findItems(QStringLiteral("{{order_id}}"), Qt::MatchExactly).value(0);
        QVERIFY(item);
        QTest::mouseClick(placeholders->viewport(), Qt::LeftButton, {},
                          placeholders->visualItemRect(item).center());
        QCOMPARE(subject->text(), QStringLiteral("{{order_id}}") + before);
        QCOMPARE(text->toPlainText(), QStringLiteral("Hello {{customer}}, thanks"));
        QVERIFY(view.unsaved());
        QVERIFY(labelText(view, "mailMarker").contains(QStringLiteral("not saved")));
    }

    void anEditedSubjectIsSaved() {
        MailView view(session_);
        QVERIFY(showAndLoad(view));
        QSignalSpy refreshed(&view, &MailView::mailRefreshed);
        const auto subject = QStringLiteral("Your {{shop_name}} order {{order_id}} is in");
        part<QLineEdit>(view, "mailSubject")->setText(subject);
        QVERIFY(save(view, refreshed));
        QCOMPARE(view.settings()->templates.value(QStringLiteral("confirmation")).subject, subject);
        QCOMPARE(labelText(view, "mailMarker"), QStringLiteral("edited"));
        QVERIFY(!view.unsaved());
        QVERIFY(part<QPushButton>(view, "mailReset")->isEnabled());

        const auto stored = serverTemplate(shop_.server(), "confirmation");
        QVERIFY(stored);
        QCOMPARE(QString::fromStdString(stored->getValue<std::string>("subject")), subject);
        QVERIFY(stored->getValue<bool>("edited"));
    }

    void anUnknownPlaceholderIsRefusedAndChangesNothing() {
        MailView view(session_);
        QVERIFY(showAndLoad(view));
        const auto before = view.settings()->templates.value(QStringLiteral("confirmation"));
        QVERIFY(before.edited); // from the case before

        QSignalSpy refused(&view, &MailView::mailRefused);
        part<QLineEdit>(view, "mailSubject")->setText(QStringLiteral("Hi {{nickname}}"));
        QVERIFY(save(view, refused));
        const auto reason = refused.last().first().toString();
        QVERIFY2(reason.contains(QStringLiteral("nickname")), qPrintable(reason));
        QCOMPARE(labelText(view, "mailMessage"), QStringLiteral("Not saved: ") + reason);
        // What was typed stays for the owner to correct; the server's template is unchanged.
        QCOMPARE(part<QLineEdit>(view, "mailSubject")->text(), QStringLiteral("Hi {{nickname}}"));
        QVERIFY(view.unsaved());
        QVERIFY(
            view.settings()->templates.value(QStringLiteral("confirmation")).sameContent(before));
        const auto stored = serverTemplate(shop_.server(), "confirmation");
        QVERIFY(stored);
        QCOMPARE(QString::fromStdString(stored->getValue<std::string>("subject")), before.subject);
    }

    void backToDefaultAfterItsQuestion() {
        MailView view(session_);
        QVERIFY(showAndLoad(view));
        auto* reset = part<QPushButton>(view, "mailReset");
        QVERIFY(reset->isEnabled());

        reset->click();
        QVERIFY(view.resetConfirmation());
        view.resetConfirmation()->button(QMessageBox::No)->click(); // changed their mind
        QTRY_VERIFY(!view.resetConfirmation());
        QCOMPARE(labelText(view, "mailMarker"), QStringLiteral("edited"));

        QSignalSpy refreshed(&view, &MailView::mailRefreshed);
        reset->click();
        QVERIFY(view.resetConfirmation());
        view.resetConfirmation()->button(QMessageBox::Yes)->click();
        QVERIFY(refreshed.wait(answerMs));
        QCOMPARE(labelText(view, "mailMarker"), QStringLiteral("default"));
        QCOMPARE(part<QLineEdit>(view, "mailSubject")->text(), defaultSubject_);
        QVERIFY(!reset->isEnabled());
        const auto stored = serverTemplate(shop_.server(), "confirmation");
        QVERIFY(stored);
        QVERIFY(!stored->getValue<bool>("edited"));
        QCOMPARE(QString::fromStdString(stored->getValue<std::string>("subject")), defaultSubject_);
    }

    void aTestWithoutSmtpShowsTheServersMessage() {
        MailView view(session_);
        QVERIFY(showAndLoad(view));
        // What the server says to this request, asked directly.
        test::HttpClient admin("127.0.0.1", shop_.server().adminPort());
        admin.setToken(shop_.server().adminToken());
        const std::string body = "{\"to\":\"bea@example.com\",\"kind\":\"paid\"}";
        const auto direct = admin.post("/admin/mail/test", body);
        QCOMPARE(direct.status, 409);
        QCOMPARE(QString::fromStdString(direct.errorCode()), QStringLiteral("mail_not_configured"));
        const auto expected = QString::fromStdString(
            direct.json()->getObject("error")->getValue<std::string>("message"));

        QSignalSpy answered(&view, &MailView::testAnswered);
        part<QLineEdit>(view, "mailTestAddress")->setText(QStringLiteral("bea@example.com"));
        auto* kind = part<QComboBox>(view, "mailTestKind");
        kind->setCurrentIndex(kind->findData(QStringLiteral("paid")));
        part<QPushButton>(view, "mailSendTest")->click();
        QVERIFY(answered.wait(answerMs));
        QCOMPARE(answered.last().at(0).toBool(), false);
        QCOMPARE(answered.last().at(1).toString(), expected);
        QCOMPARE(labelText(view, "mailTestResult"), QStringLiteral("Not sent: ") + expected);
    }

    void aTestMessageArrivesWithTheEditedSubject() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        test::SmtpServer smtp(dir.filePath(QStringLiteral("smtp")));
        QVERIFY2(smtp.start(), qPrintable(smtp.error()));
        test::TopcoatdProcess server(dir.filePath(QStringLiteral("data")),
                                     {QStringLiteral("--smtp"), smtp.url(),
                                      QStringLiteral("--mail-from"),
                                      QStringLiteral("shop@example.com")});
        QVERIFY2(server.start(), qPrintable(server.error()));
        AdminClient client(network_);
        client.setServer(QUrl(QStringLiteral("http://127.0.0.1:%1").arg(server.adminPort())),
                         QString::fromStdString(server.adminToken()));
        test::ManualClock clock;
        ConsoleSession session(client, clock);

        MailView view(session);
        QVERIFY(showAndLoad(view));
        QVERIFY(view.settings()->sending);
        QCOMPARE(labelText(view, "mailStatus"),
                 QStringLiteral("Order e-mails are sent through %1 from shop@example.com.")
                     .arg(view.settings()->server));
        auto* kinds = part<QComboBox>(view, "mailKind");
        kinds->setCurrentIndex(kinds->findData(QStringLiteral("shipped")));
        QSignalSpy refreshed(&view, &MailView::mailRefreshed);
        part<QLineEdit>(view, "mailSubject")->setText(QStringLiteral("On its way: {{order_id}}"));
        QVERIFY(save(view, refreshed));

        QSignalSpy answered(&view, &MailView::testAnswered);
        part<QLineEdit>(view, "mailTestAddress")->setText(QStringLiteral("bea@example.com"));
        // The test follows the kind being edited.
        QCOMPARE(part<QComboBox>(view, "mailTestKind")->currentData().toString(),
                 QStringLiteral("shipped"));
        part<QPushButton>(view, "mailSendTest")->click();
        QVERIFY(answered.wait(answerMs));
        QVERIFY2(answered.last().at(0).toBool(), qPrintable(answered.last().at(1).toString()));
        QCOMPARE(labelText(view, "mailTestResult"),
                 QStringLiteral("Sent to bea@example.com: the mail server took it."));
        QTRY_COMPARE_WITH_TIMEOUT(smtp.count(), 1, answerMs);
        const auto message = smtp.messages().front();
        QCOMPARE(message.subject, QStringLiteral("On its way: TEST-ORDER"));
        QCOMPARE(message.recipients, QStringList{QStringLiteral("bea@example.com")});
    }

    void theMailScreenIsTheLastTabAndFitsA1024By680Window() {
        QNetworkAccessManager network;
        AdminClient client(network); // no server: the layout alone is measured
        SystemClock clock;
        ConsoleSession session(client, clock);
        MainWindow window(session, QStringLiteral("test"), false);
        window.resize(1024, 680);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto* tabs = window.findChild<QTabWidget*>();
        QVERIFY(tabs);
        QCOMPARE(tabs->tabText(tabs->count() - 1), QStringLiteral("Mail"));
        QVERIFY(window.showScreen(QStringLiteral("mail")));
        auto* screen = tabs->currentWidget();
        QVERIFY(qobject_cast<MailView*>(screen));
        QCOMPARE(window.size(), QSize(1024, 680));
        const auto misfit = test::misfit(*screen, QStringLiteral("mail"));
        QVERIFY2(misfit.isEmpty(), qPrintable(misfit));
    }
};

QTEST_MAIN(TestMailView)
#include "test_mail_view.moc"

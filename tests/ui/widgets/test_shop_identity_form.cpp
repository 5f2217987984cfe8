// The Shop screen against a real topcoatd: it shows the shop as the server has it, a name,
// currency, contact address and logo set in the form are what the storefront's /api/shop then
// tells customers, and a change the server refuses is shown and changes nothing.

#include "tests/support/HttpClient.h"
#include "tests/ui/LiveShop.h"
#include "tests/ui/Typing.h"
#include "ui/ShopIdentityForm.h"

#include <QComboBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace topcoat;

namespace {

// A real 1x1 PNG.
const QByteArray png = QByteArray::fromBase64("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlE"
                                              "QVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

} // namespace

using topcoat::test::retype;

class TestShopIdentityForm : public QObject {
    Q_OBJECT

private:
    QNetworkAccessManager network_;
    std::unique_ptr<test::LiveShop> shop_;
    QTemporaryDir files_;

    // GET /api/shop as a customer's page receives it.
    Poco::JSON::Object::Ptr storefrontShop() {
        test::HttpClient storefront("127.0.0.1", shop_->server().port());
        const auto result = storefront.get("/api/shop");
        return result.status == 200 ? result.json() : nullptr;
    }

    std::unique_ptr<ui::ShopIdentityForm> loadedForm() {
        auto form = std::make_unique<ui::ShopIdentityForm>(shop_->client());
        form->show();
        form->load();
        auto* currency = form->findChild<QComboBox*>(QStringLiteral("shopCurrency"));
        // Loaded once both answers are in: the list of codes and the shop's own.
        [&] {
            QTRY_VERIFY_WITH_TIMEOUT(currency->count() > 100, 10000);
        }();
        [&] {
            QTRY_COMPARE_WITH_TIMEOUT(
                form->findChild<QLineEdit*>(QStringLiteral("shopName"))->text().isEmpty(), false,
                10000);
        }();
        return form;
    }

private slots:
    void initTestCase() {
        QVERIFY(files_.isValid());
        shop_ = std::make_unique<test::LiveShop>(network_);
        QVERIFY2(shop_->start(), qPrintable(shop_->error()));
    }
    void cleanupTestCase() { QCOMPARE(shop_->terminate(), 0); }

    void showsTheShopAsTheServerHasIt() {
        const auto form = loadedForm();
        QCOMPARE(form->findChild<QLineEdit*>(QStringLiteral("shopName"))->text(),
                 QStringLiteral("Topcoat"));
        QCOMPARE(form->findChild<QComboBox*>(QStringLiteral("shopCurrency"))->currentText(),
                 QStringLiteral("USD"));
        QVERIFY(form->findChild<QLineEdit*>(QStringLiteral("shopContactEmail"))->text().isEmpty());
        QVERIFY(!form->findChild<QPushButton*>(QStringLiteral("shopRemoveLogo"))->isEnabled());
    }

    void whatTheFormSetsIsWhatCustomersAreTold() {
        const auto form = loadedForm();
        retype(form->findChild<QLineEdit*>(QStringLiteral("shopName")),
               QStringLiteral("Studio Gloss"));
        auto* currency = form->findChild<QComboBox*>(QStringLiteral("shopCurrency"));
        currency->setCurrentIndex(currency->findText(QStringLiteral("EUR")));
        QCOMPARE(currency->currentText(), QStringLiteral("EUR"));
        retype(form->findChild<QLineEdit*>(QStringLiteral("shopContactEmail")),
               QStringLiteral("hello@gloss.example"));
        const auto logoPath = files_.filePath(QStringLiteral("logo.png"));
        QFile logo(logoPath);
        QVERIFY(logo.open(QIODevice::WriteOnly));
        logo.write(png);
        logo.close();
        QVERIFY(form->setLogoFile(logoPath));
        QVERIFY(!form->findChild<QLabel*>(QStringLiteral("shopLogoPreview"))->pixmap().isNull());

        QSignalSpy applied(form.get(), &ui::ShopIdentityForm::identityApplied);
        QTest::mouseClick(form->findChild<QPushButton*>(QStringLiteral("shopApply")),
                          Qt::LeftButton);
        QVERIFY(applied.wait(10000));

        const auto told = storefrontShop();
        QVERIFY(told);
        QCOMPARE(told->getValue<std::string>("name"), std::string("Studio Gloss"));
        QCOMPARE(told->getValue<std::string>("currency"), std::string("EUR"));
        QCOMPARE(told->getValue<std::string>("contact_email"), std::string("hello@gloss.example"));
        QVERIFY(!told->isNull("logo_url"));
        test::HttpClient storefront("127.0.0.1", shop_->server().port());
        const auto image = storefront.get(told->getValue<std::string>("logo_url"));
        QCOMPARE(QByteArray::fromStdString(image.body), png);

        // A form opened afresh reads it all back.
        const auto reopened = loadedForm();
        QCOMPARE(reopened->findChild<QLineEdit*>(QStringLiteral("shopName"))->text(),
                 QStringLiteral("Studio Gloss"));
        QCOMPARE(reopened->findChild<QComboBox*>(QStringLiteral("shopCurrency"))->currentText(),
                 QStringLiteral("EUR"));
        QVERIFY(reopened->findChild<QPushButton*>(QStringLiteral("shopRemoveLogo"))->isEnabled());
    }

    void aRefusedChangeIsShownAndChangesNothing() {
        const auto before = storefrontShop();
        QVERIFY(before);
        const auto form = loadedForm();
        retype(form->findChild<QLineEdit*>(QStringLiteral("shopName")), QStringLiteral("Renamed"));
        retype(form->findChild<QLineEdit*>(QStringLiteral("shopContactEmail")),
               QStringLiteral("not an address"));
        QTest::mouseClick(form->findChild<QPushButton*>(QStringLiteral("shopApply")),
                          Qt::LeftButton);
        auto* message = form->findChild<QLabel*>(QStringLiteral("shopMessage"));
        QTRY_VERIFY_WITH_TIMEOUT(message->text().contains(QStringLiteral("contact_email")), 10000);
        QCOMPARE(message->property("problem").toBool(), true);
        const auto after = storefrontShop();
        QVERIFY(after);
        QCOMPARE(after->getValue<std::string>("name"), before->getValue<std::string>("name"));
    }

    // A logo uploaded on its own may be larger than fits inside PUT /admin/shop: a rename from
    // the form leaves it alone rather than sending it back.
    void aRenameKeepsALogoUploadedOnItsOwn() {
        auto large = png;
        large.append(QByteArray(15 * 1024, '\0')); // after IEND: still a PNG
        test::HttpClient admin("127.0.0.1", shop_->server().adminPort());
        admin.setToken(shop_->server().adminToken());
        QCOMPARE(admin.put("/admin/shop/logo", large.toStdString(), {{"Content-Type", "image/png"}})
                     .status,
                 200);
        const auto form = loadedForm();
        retype(form->findChild<QLineEdit*>(QStringLiteral("shopName")), QStringLiteral("Renamed"));
        retype(form->findChild<QLineEdit*>(QStringLiteral("shopContactEmail")), QString());
        QSignalSpy applied(form.get(), &ui::ShopIdentityForm::identityApplied);
        QTest::mouseClick(form->findChild<QPushButton*>(QStringLiteral("shopApply")),
                          Qt::LeftButton);
        QVERIFY2(applied.wait(10000),
                 qPrintable(form->findChild<QLabel*>(QStringLiteral("shopMessage"))->text()));
        const auto told = storefrontShop();
        QCOMPARE(told->getValue<std::string>("name"), std::string("Renamed"));
        test::HttpClient storefront("127.0.0.1", shop_->server().port());
        QCOMPARE(
            QByteArray::fromStdString(storefront.get(told->getValue<std::string>("logo_url")).body),
            large);
    }

    void aFileThatIsNoImageIsNotTaken() {
        const auto form = loadedForm();
        const auto path = files_.filePath(QStringLiteral("page.html"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("<html><script>alert(1)</script></html>");
        file.close();
        QVERIFY(!form->setLogoFile(path));
        QVERIFY(form->findChild<QLabel*>(QStringLiteral("shopMessage"))
                    ->text()
                    .contains(QStringLiteral("PNG, JPEG or SVG")));
    }
};

QTEST_MAIN(TestShopIdentityForm)
#include "test_shop_identity_form.moc"

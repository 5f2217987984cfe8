#include <QtTest>
class TestStub : public QObject {
    Q_OBJECT
};
QTEST_APPLESS_MAIN(TestStub)
#include "test_checkout.moc"

#include "ServerUnderTest.h"

#include <QtTest>

namespace topcoat::test {

ServerUnderTest::ServerUnderTest(QStringList extraArguments) : extra_(std::move(extraArguments)) {}

bool ServerUnderTest::start() {
    if (!dir_.isValid()) {
        failure_ = QStringLiteral("no scratch directory: %1").arg(dir_.errorString());
        return false;
    }
    process_ = std::make_unique<TopcoatdProcess>(dir_.filePath(QStringLiteral("data")), extra_);
    if (process_->start())
        return true;
    failure_ = process_->error();
    return false;
}

int ServerUnderTest::stop() {
    return process_ ? process_->terminate() : -1;
}

HttpClient ServerUnderTest::storefront() const {
    return HttpClient("127.0.0.1", process_->port());
}

HttpClient ServerUnderTest::admin() const {
    HttpClient client("127.0.0.1", process_->adminPort());
    client.setToken(process_->adminToken());
    return client;
}

HttpClient ServerUnderTest::anonymousAdmin() const {
    return HttpClient("127.0.0.1", process_->adminPort());
}

QString ServerUnderTest::logTail(int characters) const {
    return process_ ? process_->readStderr().right(characters) : QString();
}

ServerTestCase::ServerTestCase(QStringList extraArguments) : server_(std::move(extraArguments)) {}

void ServerTestCase::initTestCase() {
    QVERIFY2(server_.start(), qPrintable(server_.failure()));
    // Every client of these tests is one address sending far faster than a customer; the
    // tests of the protection itself set the limits they need.
    const auto lifted = server_.admin().put("/admin/protection", unlimitedProtection);
    QVERIFY2(lifted.status == 200, lifted.body.c_str());
    prepareServer();
}

void ServerTestCase::cleanup() {
    if (QTest::currentTestFailed())
        qWarning().noquote() << "server log:\n" << server_.logTail();
}

void ServerTestCase::cleanupTestCase() {
    QCOMPARE(server_.stop(), 0);
}

} // namespace topcoat::test

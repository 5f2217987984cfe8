#pragma once

// One topcoatd child in its own scratch data directory, restartable on the same data, with
// clients for both of its ports: the fixture every HTTP integration test starts from.

#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"

#include <QObject>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace topcoat::test {

class ServerUnderTest {
public:
    explicit ServerUnderTest(QStringList extraArguments = {});

    // Starts topcoatd (again, after stop(), on the same data dir); false with `failure()` set
    // when it did not come up.
    bool start();
    // SIGTERM and wait; the exit code, -1 when it crashed or hung.
    int stop();

    HttpClient storefront() const;     // a fresh client for the public port
    HttpClient admin() const;          // a fresh client for the admin port, sending the token
    HttpClient anonymousAdmin() const; // the admin port without a token

    TopcoatdProcess& process() { return *process_; }
    const std::string& token() const { return process_->adminToken(); }
    QString databasePath() const { return dir_.filePath(QStringLiteral("data/topcoat.db")); }
    QString failure() const { return failure_; }
    // The last part of the server's log, to make a failed test readable.
    QString logTail(int characters = 4000) const;

private:
    QTemporaryDir dir_;
    QStringList extra_;
    std::unique_ptr<TopcoatdProcess> process_;
    QString failure_;
};

// The QtTest object every HTTP test class derives from, so that starting, stopping and
// reporting on the server is written once: QtTest finds these private slots through the
// meta-object, and a derived class adds only its own test slots.
class ServerTestCase : public QObject {
    Q_OBJECT

protected:
    explicit ServerTestCase(QStringList extraArguments = {});
    // Runs once the server is up (with the per-client rate limit and shedding off), before the
    // first test: data and settings every test of a class shares.
    virtual void prepareServer() {}

    ServerUnderTest server_;

private slots:
    void initTestCase();
    // The server's side of a failure is often the readable half of it.
    void cleanup();
    // A graceful stop is part of the contract: exit 0.
    void cleanupTestCase();
};

} // namespace topcoat::test

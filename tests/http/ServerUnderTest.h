#pragma once

// One topcoatd child in its own scratch data directory, restartable on the same data, with
// clients for both of its ports: the fixture every HTTP integration test starts from.

#include "tests/support/HttpClient.h"
#include "tests/support/TopcoatdProcess.h"

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
    QString failure() const { return failure_; }
    // The last part of the server's log, to make a failed test readable.
    QString logTail(int characters = 4000) const;

private:
    QTemporaryDir dir_;
    QStringList extra_;
    std::unique_ptr<TopcoatdProcess> process_;
    QString failure_;
};

} // namespace topcoat::test

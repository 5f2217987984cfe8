#pragma once

// A real topcoatd child process for integration tests: started on free ports (port 0) in a
// data directory, with its printed ports parsed from stdout.

#include <QProcess>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <memory>
#include <string>

namespace topcoat::test {

class TopcoatdProcess {
public:
    // `dataDir` must outlive the process; extra arguments are appended (e.g. "--demo").
    explicit TopcoatdProcess(QString dataDir, QStringList extraArguments = {},
                             std::string adminToken = "test-admin-token");
    ~TopcoatdProcess(); // kills the process if still running

    // Starts and waits for both "listening" lines; false (with the output in `error()`) if the
    // process did not come up within the timeout.
    bool start(int timeoutMs = 20000);
    // SIGTERM, then waits; returns the exit code (-1 if it did not exit in time or crashed).
    int terminate(int timeoutMs = 30000);
    // SIGKILL, then waits.
    void kill();

    qint64 pid() const { return process_ ? process_->processId() : 0; } // 0 when not running
    std::uint16_t port() const { return port_; }
    std::uint16_t adminPort() const { return adminPort_; }
    const std::string& adminToken() const { return token_; }
    QString output() const { return output_; }
    QString error() const { return error_; }
    QString readStderr() const; // the server's log output so far
    static QString binary();    // $TOPCOATD, the built topcoatd

private:
    QString stderrPath() const;

    QString dataDir_;
    QStringList extra_;
    std::string token_;
    std::unique_ptr<QProcess> process_;
    std::uint16_t port_ = 0;
    std::uint16_t adminPort_ = 0;
    QString output_;
    QString error_;
};

} // namespace topcoat::test

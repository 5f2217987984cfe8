#include "ChangeNotices.h"

#include <iterator>
#include <libpq-fe.h>
#include <poll.h>
#include <string>
#include <sys/eventfd.h>
#include <system_error>
#include <unistd.h>
#include <utility>

namespace topcoat::db {
namespace {

constexpr int retryAfterMs = 1000;
// A server that accepts the TCP connection but never answers must not hold the listener.
constexpr int answerWithinMs = 5000;

std::string lastError(PGconn* conn) {
    std::string text = conn ? PQerrorMessage(conn) : "out of memory";
    while (!text.empty() && (text.back() == '\n' || text.back() == ' '))
        text.pop_back();
    return text;
}

} // namespace

struct ChangeNotices::Connection {
    PGconn* conn = nullptr;
    ~Connection() { reset(); }
    void reset() {
        if (conn)
            PQfinish(conn);
        conn = nullptr;
    }
};

ChangeNotices::ChangeNotices(const Location& location, OnNotice onNotice, OnTrouble onTrouble)
    : location_(location), onNotice_(std::move(onNotice)), onTrouble_(std::move(onTrouble)),
      wake_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (wake_ < 0)
        throw std::system_error(errno, std::generic_category(), "eventfd");
    thread_ = std::thread([this] { loop(); });
}

ChangeNotices::~ChangeNotices() {
    stop();
    ::close(wake_);
}

void ChangeNotices::stop() {
    if (!stopping_.exchange(true)) {
        const std::uint64_t one = 1;
        [[maybe_unused]] auto written = ::write(wake_, &one, sizeof one);
    }
    if (thread_.joinable())
        thread_.join();
}

bool ChangeNotices::waitFor(int fd, short events, int timeoutMs) {
    pollfd fds[2] = {{wake_, POLLIN, 0}, {fd, events, 0}};
    const int count = fd < 0 ? 1 : 2;
    for (;;) {
        const int ready = ::poll(fds, count, timeoutMs);
        if (ready < 0 && errno == EINTR)
            continue;
        return ready > 0 && !(fds[0].revents & POLLIN) && !stopping_.load();
    }
}

void ChangeNotices::trouble(const std::string& what) {
    if (!troubled_ && onTrouble_)
        onTrouble_(what);
    troubled_ = true;
}

bool ChangeNotices::connect(Connection& connection) {
    // The password, if any, comes from PGPASSWORD or the pgpass file, as for every connection.
    // Keepalives notice a connection whose other end vanished without a word.
    const std::pair<const char*, std::string> settings[] = {
        {"host", location_.host.toStdString()},
        {"port", std::to_string(location_.port)},
        {"user", location_.user.toStdString()},
        {"dbname", location_.database.toStdString()},
        {"application_name", "topcoat changes"},
        {"keepalives", "1"},
        {"keepalives_idle", "10"},
        {"keepalives_interval", "5"},
        {"keepalives_count", "3"},
    };
    constexpr auto count = std::size(settings);
    const char* keys[count + 1] = {};
    const char* values[count + 1] = {};
    for (std::size_t i = 0; i < count; ++i) {
        keys[i] = settings[i].first;
        values[i] = settings[i].second.c_str();
    }
    connection.conn = PQconnectStartParams(keys, values, 0);
    if (!connection.conn || PQstatus(connection.conn) == CONNECTION_BAD) {
        trouble("cannot listen for the shop's changes: " + lastError(connection.conn));
        return false;
    }
    // libpq's own connect_timeout does not apply here: each wait below has a deadline instead.
    for (auto state = PGRES_POLLING_WRITING; state != PGRES_POLLING_OK;) {
        if (state == PGRES_POLLING_FAILED) {
            trouble("cannot listen for the shop's changes: " + lastError(connection.conn));
            return false;
        }
        const short events = state == PGRES_POLLING_READING ? POLLIN : POLLOUT;
        if (!waitFor(PQsocket(connection.conn), events, answerWithinMs)) {
            if (!stopping_.load())
                trouble("cannot listen for the shop's changes: the server did not answer");
            return false;
        }
        state = PQconnectPoll(connection.conn);
    }

    const std::string command = std::string("LISTEN ") + shopChangesChannel;
    if (!PQsendQuery(connection.conn, command.c_str())) {
        trouble("cannot listen for the shop's changes: " + lastError(connection.conn));
        return false;
    }
    for (;;) {
        while (PQisBusy(connection.conn)) {
            if (!waitFor(PQsocket(connection.conn), POLLIN, answerWithinMs) ||
                !PQconsumeInput(connection.conn)) {
                if (!stopping_.load())
                    trouble("cannot listen for the shop's changes: " + lastError(connection.conn));
                return false;
            }
        }
        PGresult* result = PQgetResult(connection.conn);
        if (!result)
            return true;
        const bool ok = PQresultStatus(result) == PGRES_COMMAND_OK;
        PQclear(result);
        if (!ok) {
            trouble("cannot listen for the shop's changes: " + lastError(connection.conn));
            return false;
        }
    }
}

void ChangeNotices::listen(Connection& connection) {
    for (;;) {
        if (!waitFor(PQsocket(connection.conn), POLLIN, -1))
            return;
        if (!PQconsumeInput(connection.conn)) {
            trouble("stopped listening for the shop's changes: " + lastError(connection.conn));
            return;
        }
        bool heard = false;
        while (PGnotify* notice = PQnotifies(connection.conn)) {
            heard = true;
            PQfreemem(notice);
        }
        if (heard)
            onNotice_();
    }
}

void ChangeNotices::loop() {
    while (!stopping_.load()) {
        Connection connection;
        if (connect(connection)) {
            troubled_ = false;
            listening_ = true;
            onNotice_(); // what changed while nobody listened
            listen(connection);
            listening_ = false;
        }
        connection.reset();
        waitFor(-1, 0, retryAfterMs);
    }
}

} // namespace topcoat::db

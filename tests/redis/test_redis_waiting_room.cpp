// The waiting room in a real redis-server against the shared cases: every room of the run is
// its own set of keys in one Redis.

#include "server/redis/RedisWaitingRoom.h"
#include "tests/core/WaitingRoomCases.h"
#include "tests/support/RedisServer.h"

#include <QTemporaryDir>
#include <QtTest>

int main(int argc, char** argv) {
    using namespace topcoat;
    QTemporaryDir dir;
    test::RedisServer server(dir.path());
    if (!dir.isValid() || !server.start()) {
        qCritical("redis-server did not start: %s", qPrintable(server.error()));
        return 1;
    }
    redis::RedisConnections connections(*redis::parseRedisAddress(server.url().toStdString()),
                                        std::chrono::seconds(2));
    int rooms = 0;
    // A full room of the default size would take a quarter of a million round trips.
    constexpr std::size_t fullRoom = 2'000;
    test::WaitingRoomCases cases(
        [&](const MessageSigner& signer, std::size_t capacity) {
            return std::make_unique<redis::RedisWaitingRoom>(
                connections, signer, "test:{room" + std::to_string(++rooms) + "}", capacity);
        },
        fullRoom);
    return QTest::qExec(&cases, argc, argv);
}

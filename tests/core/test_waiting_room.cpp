// The in-process waiting room (one storefront's) against the shared cases.

#include "WaitingRoomCases.h"
#include "server/core/InProcessWaitingRoom.h"

#include <QtTest>

int main(int argc, char** argv) {
    using namespace topcoat;
    test::WaitingRoomCases cases(
        [](const MessageSigner& signer, std::size_t capacity) {
            return std::make_unique<InProcessWaitingRoom>(signer, capacity);
        },
        WaitingRoom::defaultCapacity);
    return QTest::qExec(&cases, argc, argv);
}

#pragma once

// The waiting room's behaviour, whatever keeps the line: FIFO tickets admitted at the configured
// rate, signed single-use passes bound to a customer with an expiry, abandoned tickets skipped,
// and the shuffled opening for those who joined early. Time is passed in; the signer is a
// keyed hash standing in for the HMAC. Each implementation's test runs these cases on rooms
// from its own factory.

#include "server/core/WaitingRoom.h"
#include "tests/support/KeyedHashSigner.h"

#include <QObject>
#include <functional>
#include <memory>
#include <vector>

namespace topcoat::test {

// A new, empty room signing with `signer`, holding at most `capacity` tickets.
using WaitingRoomFactory =
    std::function<std::unique_ptr<WaitingRoom>(const MessageSigner& signer, std::size_t capacity)>;

class WaitingRoomCases : public QObject {
    Q_OBJECT

public:
    // `fullRoom`: the capacity the case that fills a room uses (the default one costs an
    // implementation that goes over the network too long).
    WaitingRoomCases(WaitingRoomFactory factory, std::size_t fullRoom);

private slots:
    void cleanup();
    void closedRoomRefusesJoin();
    void firstIntoEmptyRoomIsAdmittedAtOnce();
    void positionsAreFifoWithEtaFromRate_data();
    void positionsAreFifoWithEtaFromRate();
    void admitsAtTheConfiguredRate();
    void idleRoomBanksNoAdmissions();
    void joiningAgainIsANewTicketAtTheBack();
    void unknownTicketHasNoStatus();
    void passIsIssuedOnceAdmitted();
    void passIsValidOnceAndReleaseGivesItBack();
    void anotherCustomersPassIsForged();
    void tamperedPassIsRefused();
    void malformedAndMissingPasses();
    void expiredPassIsRefused();
    void usedPassStaysUsedAfterRejoining();
    void retryWithSameIdempotencyKeyIsReplayed();
    void abandonedTicketsAreSkippedWithoutUsingTheRate();
    void silentTicketsCannotFillTheRoom();
    void earlyJoinersAreShuffledAtTheOpening();
    void closingTheRoomForgetsWaitingTickets();
    void tenThousandTicketsTakePositionsInOrder();

private:
    WaitingRoom& newRoom(std::size_t capacity = WaitingRoom::defaultCapacity);

    WaitingRoomFactory factory_;
    std::size_t fullRoom_;
    KeyedHashSigner signer_;
    std::vector<std::unique_ptr<WaitingRoom>> rooms_; // this case's, dropped after it
};

} // namespace topcoat::test

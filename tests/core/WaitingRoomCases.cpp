#include "WaitingRoomCases.h"

#include <QtTest>
#include <algorithm>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <vector>

namespace topcoat::test {
using namespace std::chrono_literals;

namespace {

const TimePoint kStart = std::chrono::sys_days{std::chrono::year{2026} / 11 / 27} + 9h;

WaitingRoomSettings openRoom(std::int64_t admitPerMinute, bool randomize = true) {
    return WaitingRoomSettings{true, admitPerMinute, randomize};
}

std::string customer(int n) {
    return "customer" + std::to_string(n) + "@example.com";
}

// Joins `who` with no sale about to open; the ticket must be issued.
TicketStatus joinNow(WaitingRoom& room, const std::string& who, TimePoint now) {
    auto joined = room.join(who, now, std::nullopt);
    if (!joined)
        qFatal("join refused for %s", who.c_str());
    return *joined;
}

std::vector<std::string> partsOf(const std::string& pass) {
    std::vector<std::string> parts;
    std::size_t from = 0;
    for (auto dot = pass.find('.'); dot != std::string::npos; dot = pass.find('.', from)) {
        parts.push_back(pass.substr(from, dot - from));
        from = dot + 1;
    }
    parts.push_back(pass.substr(from));
    return parts;
}

// Pairs out of order: 0 for the identity, n(n-1)/2 for the reverse.
std::int64_t inversions(const std::vector<int>& order) {
    std::int64_t count = 0;
    for (std::size_t i = 0; i < order.size(); ++i)
        for (std::size_t j = i + 1; j < order.size(); ++j)
            count += order[i] > order[j] ? 1 : 0;
    return count;
}

} // namespace

WaitingRoomCases::WaitingRoomCases(WaitingRoomFactory factory, std::size_t fullRoom)
    : factory_(std::move(factory)), fullRoom_(fullRoom) {}

WaitingRoom& WaitingRoomCases::newRoom(std::size_t capacity) {
    rooms_.push_back(factory_(signer_, capacity));
    return *rooms_.back();
}

void WaitingRoomCases::cleanup() {
    rooms_.clear();
}

void WaitingRoomCases::closedRoomRefusesJoin() {
    auto& room = newRoom();
    QVERIFY(!room.settings().enabled);
    const auto joined = room.join(customer(1), kStart, std::nullopt);
    QVERIFY(!joined);
    QVERIFY(joined.error() == QueueError::Closed);
    QVERIFY(!room.join(customer(1), kStart, kStart + 1h));
    QCOMPARE(room.counts().joined, 0u);
    QCOMPARE(room.counts().waiting, 0);
}

void WaitingRoomCases::firstIntoEmptyRoomIsAdmittedAtOnce() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    QCOMPARE(room.settings(), openRoom(60));
    const auto first = joinNow(room, customer(1), kStart);
    QVERIFY(first.ticket.starts_with("tkt_"));
    QCOMPARE(first.position, 0);
    QCOMPARE(first.etaSeconds, 0);
    QVERIFY(first.pass.has_value());
    QCOMPARE(room.counts().admitted, 1u);
    QCOMPARE(room.counts().waiting, 0);
}

void WaitingRoomCases::positionsAreFifoWithEtaFromRate_data() {
    QTest::addColumn<qint64>("perMinute");
    QTest::addColumn<QList<qint64>>("etas");
    QTest::newRow("60/min") << qint64(60) << QList<qint64>{1, 2, 3};
    QTest::newRow("30/min") << qint64(30) << QList<qint64>{2, 4, 6};
    QTest::newRow("120/min, rounded up") << qint64(120) << QList<qint64>{1, 1, 2};
    QTest::newRow("1/min") << qint64(1) << QList<qint64>{60, 120, 180};
}

void WaitingRoomCases::positionsAreFifoWithEtaFromRate() {
    QFETCH(qint64, perMinute);
    QFETCH(QList<qint64>, etas);
    auto& room = newRoom();
    room.configure(openRoom(perMinute), kStart);
    QVERIFY(joinNow(room, customer(0), kStart).pass); // walks straight in
    std::vector<std::string> tickets;
    for (int i = 1; i <= 3; ++i) {
        const auto joined = joinNow(room, customer(i), kStart);
        QCOMPARE(joined.position, i);
        QCOMPARE(joined.etaSeconds, etas[i - 1]);
        QVERIFY(!joined.pass);
        tickets.push_back(joined.ticket);
    }
    QCOMPARE(std::set(tickets.begin(), tickets.end()).size(), 3u);
    QCOMPARE(room.counts().waiting, 3);
    for (int i = 1; i <= 3; ++i) {
        const auto status = room.status(tickets[i - 1], kStart);
        QVERIFY(status);
        QCOMPARE(status->position, i);
        QCOMPARE(status->etaSeconds, etas[i - 1]);
    }
}

// 60 a minute: one a second, each at the second it is due, in the order they joined.
void WaitingRoomCases::admitsAtTheConfiguredRate() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    std::vector<std::string> tickets;
    for (int i = 0; i < 5; ++i)
        tickets.push_back(joinNow(room, customer(i), kStart).ticket);

    std::map<std::string, std::chrono::milliseconds> admittedAfter;
    for (auto t = 0ms; t <= 6s; t += 100ms)
        for (const auto& ticket : tickets) {
            const auto status = room.status(ticket, kStart + t);
            QVERIFY(status);
            if (status->pass && !admittedAfter.contains(ticket))
                admittedAfter[ticket] = t;
        }
    QCOMPARE(admittedAfter.size(), tickets.size());
    for (std::size_t i = 0; i < tickets.size(); ++i)
        QCOMPARE(admittedAfter[tickets[i]], std::chrono::milliseconds(std::chrono::seconds(i)));

    // Midway, the line reports where it stands.
    auto& other = newRoom();
    other.configure(openRoom(60), kStart);
    std::string lastTicket;
    for (int i = 0; i < 5; ++i)
        lastTicket = joinNow(other, customer(i), kStart).ticket;
    const auto last = *other.status(lastTicket, kStart + 2500ms);
    QCOMPARE(last.position, 2); // 0, 1, 2 are in; 3 and 4 wait
    QCOMPARE(last.etaSeconds, 2);
    QCOMPARE(other.counts().admitted, 3u);
    QCOMPARE(other.counts().waiting, 2);
}

void WaitingRoomCases::idleRoomBanksNoAdmissions() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    QVERIFY(joinNow(room, customer(0), kStart).pass);
    // An hour of nobody, then three at once: one walks in, the others wait their second.
    const auto later = kStart + 1h;
    QVERIFY(joinNow(room, customer(1), later).pass);
    const auto second = joinNow(room, customer(2), later);
    const auto third = joinNow(room, customer(3), later);
    QVERIFY(!second.pass);
    QVERIFY(!third.pass);
    QCOMPARE(second.position, 1);
    QVERIFY(!room.status(second.ticket, later + 999ms)->pass);
    QVERIFY(room.status(second.ticket, later + 1s)->pass);
    QVERIFY(!room.status(third.ticket, later + 1s)->pass);
    QVERIFY(room.status(third.ticket, later + 2s)->pass);
}

// Only whoever joined learns a ticket's id, the one way to its pass: joining again as the same
// customer (anyone can type an e-mail address) is another ticket at the back, and never shows
// the first ticket or its pass.
void WaitingRoomCases::joiningAgainIsANewTicketAtTheBack() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto admitted = joinNow(room, customer(1), kStart);
    const auto waiting = joinNow(room, customer(2), kStart);
    const auto again = joinNow(room, customer(2), kStart + 100ms);
    QVERIFY(again.ticket != waiting.ticket);
    QCOMPARE(again.position, 2);
    const auto admittedAgain = joinNow(room, customer(1), kStart + 100ms);
    QVERIFY(admittedAgain.ticket != admitted.ticket);
    QVERIFY(!admittedAgain.pass);
    QCOMPARE(admittedAgain.position, 3);
    QCOMPARE(room.counts().joined, 4u);
    QCOMPARE(room.counts().waiting, 3);
}

void WaitingRoomCases::unknownTicketHasNoStatus() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto ticket = joinNow(room, customer(1), kStart).ticket;
    QVERIFY(!room.status("tkt_nosuchticket", kStart));
    QVERIFY(!room.status("", kStart));
    QVERIFY(!room.status(ticket + "x", kStart));
    QVERIFY(room.status(ticket, kStart));
}

void WaitingRoomCases::passIsIssuedOnceAdmitted() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    joinNow(room, customer(1), kStart);
    const auto ticket = joinNow(room, customer(2), kStart).ticket;
    QVERIFY(!room.status(ticket, kStart + 999ms)->pass);
    const auto admitted = room.status(ticket, kStart + 1s);
    QVERIFY(admitted && admitted->pass);
    QCOMPARE(admitted->position, 0);
    QCOMPARE(admitted->etaSeconds, 0);
    const auto parts = partsOf(*admitted->pass);
    QCOMPARE(parts.size(), 3u);
    QCOMPARE(parts[0], ticket);
    const auto expires = kStart + 1s + WaitingRoomSettings{}.passLifetime;
    QCOMPARE(parts[1], std::to_string(expires.time_since_epoch().count()));
    QVERIFY(!parts[2].empty());
    // Asking again hands out the same pass.
    QCOMPARE(room.status(ticket, kStart + 5s)->pass, admitted->pass);
}

void WaitingRoomCases::passIsValidOnceAndReleaseGivesItBack() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto pass = *joinNow(room, customer(1), kStart).pass;
    QVERIFY(room.claim(pass, customer(1), kStart + 1s) == PassCheck::Valid);
    QVERIFY(room.claim(pass, customer(1), kStart + 2s) == PassCheck::Used);
    room.release(pass); // the checkout did not confirm an order
    QVERIFY(room.claim(pass, customer(1), kStart + 3s) == PassCheck::Valid);
    QVERIFY(room.claim(pass, customer(1), kStart + 4s) == PassCheck::Used);
    room.release("no dots at all"); // harmless
    QVERIFY(room.claim(pass, customer(1), kStart + 5s) == PassCheck::Used);
}

void WaitingRoomCases::anotherCustomersPassIsForged() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto pass = *joinNow(room, customer(1), kStart).pass;
    QVERIFY(room.claim(pass, customer(2), kStart) == PassCheck::Forged);
    QVERIFY(room.claim(pass, "CUSTOMER1@example.com", kStart) == PassCheck::Forged);
    // The refusals did not use it up for its owner.
    QVERIFY(room.claim(pass, customer(1), kStart) == PassCheck::Valid);
}

void WaitingRoomCases::tamperedPassIsRefused() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto pass = *joinNow(room, customer(1), kStart).pass;
    const auto parts = partsOf(pass);
    QCOMPARE(parts.size(), 3u);
    for (std::size_t part = 0; part < parts.size(); ++part)
        for (const std::size_t at : {std::size_t(0), parts[part].size() - 1}) {
            auto edited = parts;
            auto& c = edited[part][at];
            c = c == '7' ? '8' : '7'; // a digit: stays well formed where a number is expected
            const auto tampered = edited[0] + "." + edited[1] + "." + edited[2];
            QVERIFY(tampered != pass);
            const auto check = room.claim(tampered, customer(1), kStart);
            QVERIFY2(check == PassCheck::Forged || check == PassCheck::Malformed,
                     qPrintable(QString::fromStdString(tampered)));
        }
    // A later expiry is the obvious edit to try.
    const auto extended =
        parts[0] + "." + std::to_string(std::stoll(parts[1]) + 3'600'000) + "." + parts[2];
    QVERIFY(room.claim(extended, customer(1), kStart + 11min) == PassCheck::Forged);
    QVERIFY(room.claim(pass, customer(1), kStart) == PassCheck::Valid);
}

void WaitingRoomCases::malformedAndMissingPasses() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    QVERIFY(room.claim("", customer(1), kStart) == PassCheck::Missing);
    for (const auto* pass : {"garbage", "a.b", "a.b.c.d", ".b.c", "a..c", "a.b.", "..", "..."})
        QVERIFY2(room.claim(pass, customer(1), kStart) == PassCheck::Malformed, pass);
}

void WaitingRoomCases::expiredPassIsRefused() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto first = *joinNow(room, customer(1), kStart).pass; // expires at kStart + 10 min
    const auto secondTicket = joinNow(room, customer(2), kStart).ticket;
    const auto second = *room.status(secondTicket, kStart + 1s)->pass; // at kStart + 10 min 1 s

    QVERIFY(room.claim(first, customer(1), kStart + WaitingRoomSettings{}.passLifetime) ==
            PassCheck::Expired);
    QVERIFY(room.claim(first, customer(1), kStart + 1h) == PassCheck::Expired);
    const auto lastMoment = kStart + 1s + WaitingRoomSettings{}.passLifetime - 1ms;
    QVERIFY(room.claim(second, customer(2), lastMoment) == PassCheck::Valid);
    room.release(second);
    QVERIFY(room.claim(second, customer(2), lastMoment + 1ms) == PassCheck::Expired);
    // An expired ticket is forgotten; its customer starts over with a new one.
    QVERIFY(!room.status(secondTicket, kStart + 1h));
    QVERIFY(joinNow(room, customer(2), kStart + 1h).ticket != secondTicket);
}

// Rejoining after buying gives a new ticket ("a new purchase waits its turn again"); the pass
// already spent must stay spent.
void WaitingRoomCases::usedPassStaysUsedAfterRejoining() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto first = joinNow(room, customer(1), kStart);
    QVERIFY(room.claim(*first.pass, customer(1), kStart) == PassCheck::Valid);
    const auto again = joinNow(room, customer(1), kStart + 1s);
    QVERIFY(again.ticket != first.ticket);
    QCOMPARE(room.counts().joined, 2u);
    QVERIFY(room.claim(*first.pass, customer(1), kStart + 2s) == PassCheck::Used);
    // Other passes coming and going does not clear the mark while the old pass lives.
    joinNow(room, customer(2), kStart + 3s);
    room.status(again.ticket, kStart + 5min);
    QVERIFY(room.claim(*first.pass, customer(1), kStart + 5min) == PassCheck::Used);
    QVERIFY(room.claim(*first.pass, customer(1), kStart + 10min) == PassCheck::Expired);
}

// A checkout retried with the same idempotency key is the same purchase: its pass is Replayed
// (it may go ahead, but it did not take the pass, so it may not give it back). Any other key,
// or none, finds it used.
void WaitingRoomCases::retryWithSameIdempotencyKeyIsReplayed() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    const auto pass = *joinNow(room, customer(1), kStart).pass;
    QVERIFY(room.claim(pass, customer(1), kStart, "key-1") == PassCheck::Valid);
    QVERIFY(room.claim(pass, customer(1), kStart + 1s, "key-1") == PassCheck::Replayed);
    QVERIFY(room.claim(pass, customer(1), kStart + 1s, "key-2") == PassCheck::Used);
    QVERIFY(room.claim(pass, customer(1), kStart + 1s) == PassCheck::Used);
    QVERIFY(room.claim(pass, customer(2), kStart + 1s, "key-1") == PassCheck::Forged);
    room.release(pass);
    QVERIFY(room.claim(pass, customer(1), kStart + 2s, "key-2") == PassCheck::Valid);
    QVERIFY(room.claim(pass, customer(1), kStart + 2s, "key-1") == PassCheck::Used);

    // Used without a key, no key makes it valid again.
    const auto other = *room.status(joinNow(room, customer(3), kStart).ticket, kStart + 1s)->pass;
    QVERIFY(room.claim(other, customer(3), kStart + 1s) == PassCheck::Valid);
    QVERIFY(room.claim(other, customer(3), kStart + 1s) == PassCheck::Used);
    QVERIFY(room.claim(other, customer(3), kStart + 1s, "key-1") == PassCheck::Used);
    QVERIFY(room.claim(other, customer(3), kStart + 1s, "") == PassCheck::Used);
}

// At one a minute, with a silent ticket in the middle of the line: it is dropped once silent for
// more than abandonAfter, wherever it stands, and the one behind it goes in at the slot it would
// have taken, not a minute later.
void WaitingRoomCases::abandonedTicketsAreSkippedWithoutUsingTheRate() {
    static_assert(WaitingRoom::abandonAfter == 90s, "the times below assume 90 s");
    auto& room = newRoom();
    room.configure(openRoom(1), kStart);
    QVERIFY(joinNow(room, customer(0), kStart).pass);
    const auto third = joinNow(room, customer(2), kStart).ticket;  // due at 60 s
    const auto gone = joinNow(room, customer(1), kStart).ticket;   // due at 120 s, never asks
    const auto fourth = joinNow(room, customer(3), kStart).ticket; // due at 180 s, if gone stayed
    const auto poll = [&](const std::string& ticket, TimePoint at) {
        const auto status = room.status(ticket, at);
        if (!status)
            qFatal("a ticket still asking was lost");
        return *status;
    };
    for (auto t = 10s; t <= 90s; t += 10s) {
        poll(third, kStart + t);
        poll(fourth, kStart + t);
    }
    QVERIFY(poll(third, kStart + 90s).pass);
    QCOMPARE(room.counts().abandoned, 0u); // 90 s of silence is not yet more than 90 s
    const auto behind = poll(fourth, kStart + 100s);
    QCOMPARE(room.counts().abandoned, 1u);
    QVERIFY(!room.status(gone, kStart + 100s)); // forgotten
    QCOMPARE(behind.position, 1);
    QCOMPARE(behind.etaSeconds, 20); // at 120 s, gone's slot
    QCOMPARE(room.counts().waiting, 1);
    QVERIFY(!poll(fourth, kStart + 119s).pass);
    QVERIFY(poll(fourth, kStart + 120s).pass);
    QCOMPARE(room.counts().admitted, 3u);
    QCOMPARE(room.counts().joined, 4u);
}

// Tickets taken and never asked about cannot fill the room: when it is full, the silent ones
// are swept out and newcomers get in.
void WaitingRoomCases::silentTicketsCannotFillTheRoom() {
    auto& room = newRoom(fullRoom_);
    room.configure(openRoom(1), kStart);
    for (std::size_t i = 0; i < fullRoom_; ++i)
        QVERIFY(room.join(customer(static_cast<int>(i)), kStart, std::nullopt).ok());
    QVERIFY(room.join(customer(-1), kStart + 1s, std::nullopt).error() == QueueError::Full);
    const auto later = kStart + WaitingRoom::abandonAfter + 1s;
    const auto joined = room.join(customer(-1), later, std::nullopt);
    QVERIFY(joined.ok());
    // All but the first (admitted at once, holding a pass) were swept.
    QCOMPARE(room.counts().abandoned, std::uint64_t(fullRoom_ - 1));
    QVERIFY(joined.value().pass); // the line is empty again, and its next slot is long due
}

// 200 customers join before the opening. Nobody goes in early; at the opening they are all in
// line in a random order and go in at the rate, in that order. The order being the join order,
// or anything near it or its reverse, has a probability far below 1e-20 for a fair shuffle.
void WaitingRoomCases::earlyJoinersAreShuffledAtTheOpening() {
    constexpr int joiners = 200;
    const auto opensAt = kStart + 20s;
    auto& room = newRoom();
    room.configure(openRoom(600), kStart); // one each 100 ms
    std::vector<std::string> tickets;
    std::map<std::string, int> joinIndex;
    for (int i = 0; i < joiners; ++i) {
        const auto joined = room.join(customer(i), kStart, opensAt);
        QVERIFY(joined);
        QVERIFY(!joined->pass);
        QCOMPARE(joined->position, i + 1); // everyone so far: the worst place it can draw
        joinIndex[joined->ticket] = i;
        tickets.push_back(joined->ticket);
    }
    QCOMPARE(room.counts().waiting, joiners);

    const auto pollAll = [&](TimePoint at) {
        std::vector<TicketStatus> statuses;
        for (const auto& ticket : tickets) {
            const auto status = room.status(ticket, at);
            if (!status)
                qFatal("ticket lost");
            statuses.push_back(*status);
        }
        return statuses;
    };
    for (auto at = kStart + 5s; at < opensAt; at += 5s)
        for (const auto& status : pollAll(at)) {
            QVERIFY(!status.pass);
            QCOMPARE(status.position, joiners);
        }
    for (const auto& status : pollAll(opensAt - 1ms))
        QVERIFY(!status.pass);
    QCOMPARE(room.counts().admitted, 0u);

    // At the opening: one in, the rest holding places 1..199.
    std::vector<int> orderByPosition(joiners, -1);
    for (const auto& status : pollAll(opensAt)) {
        const auto place = status.pass ? 0 : status.position;
        QVERIFY(place >= 0 && place < joiners);
        orderByPosition[place] = joinIndex[status.ticket];
    }
    QCOMPARE(room.counts().admitted, 1u);
    auto sorted = orderByPosition;
    std::sort(sorted.begin(), sorted.end());
    std::vector<int> everyone(joiners);
    std::iota(everyone.begin(), everyone.end(), 0);
    QCOMPARE(sorted, everyone); // a permutation of the joiners

    std::vector<int> admittedOrder{orderByPosition[0]};
    std::set<std::string> admitted{tickets[orderByPosition[0]]};
    for (int step = 1; step < joiners; ++step) {
        const auto at = opensAt + step * 100ms;
        for (const auto& status : pollAll(at))
            if (status.pass && admitted.insert(status.ticket).second)
                admittedOrder.push_back(joinIndex[status.ticket]);
        QCOMPARE(int(admittedOrder.size()), step + 1); // exactly one each 100 ms
    }
    QCOMPARE(admittedOrder, orderByPosition);
    QVERIFY(admittedOrder != everyone);
    // A fair shuffle has 9950 +- 470 inversions; this band is more than ten deviations wide.
    const auto outOfOrder = inversions(admittedOrder);
    QVERIFY2(outOfOrder > 4975 && outOfOrder < 14925, qPrintable(QString::number(outOfOrder)));
    QCOMPARE(room.counts().waiting, 0);
    QCOMPARE(room.counts().admitted, std::uint64_t(joiners));
}

void WaitingRoomCases::closingTheRoomForgetsWaitingTickets() {
    auto& room = newRoom();
    room.configure(openRoom(60), kStart);
    QVERIFY(joinNow(room, customer(1), kStart).pass);
    const auto waiting = joinNow(room, customer(2), kStart).ticket;
    const auto early = room.join(customer(3), kStart, kStart + 1h)->ticket;
    QCOMPARE(room.counts().waiting, 2);

    room.configure(WaitingRoomSettings{false, 60, true}, kStart + 100ms);
    QVERIFY(!room.status(waiting, kStart + 200ms));
    QVERIFY(!room.status(early, kStart + 200ms));
    QCOMPARE(room.counts().waiting, 0);
    const auto refused = room.join(customer(2), kStart + 200ms, std::nullopt);
    QVERIFY(!refused);
    QVERIFY(refused.error() == QueueError::Closed);

    // Reopened, the customer who was waiting starts over with a new ticket, at once.
    room.configure(openRoom(60), kStart + 2h);
    const auto rejoined = joinNow(room, customer(2), kStart + 2h);
    QVERIFY(rejoined.ticket != waiting);
    QVERIFY(rejoined.pass);
}

void WaitingRoomCases::tenThousandTicketsTakePositionsInOrder() {
    constexpr int count = 10'000;
    auto& room = newRoom();
    room.configure(openRoom(120), kStart); // one each 500 ms
    QVERIFY(joinNow(room, "first@example.com", kStart).pass);
    std::vector<std::string> tickets;
    for (int i = 1; i <= count; ++i) {
        const auto joined = joinNow(room, customer(i), kStart);
        QCOMPARE(joined.position, i);
        QCOMPARE(joined.etaSeconds, (i + 1) / 2);
        tickets.push_back(joined.ticket);
    }
    QCOMPARE(std::set(tickets.begin(), tickets.end()).size(), std::size_t(count));
    QCOMPARE(room.counts().waiting, count);
    for (int i = 1; i <= count; ++i)
        QCOMPARE(room.status(tickets[i - 1], kStart + 100ms)->position, i);
    // Ten seconds on, twenty have gone in and everybody moved up as many places.
    for (int i = 21; i <= count; ++i)
        QCOMPARE(room.status(tickets[i - 1], kStart + 10s)->position, i - 20);
    QCOMPARE(room.counts().admitted, 21u);
}

} // namespace topcoat::test

// Cost of the storefront's defences in the core, printed as figures: the rate limiter's
// decision per request (one busy client, ten thousand clients, a million distinct clients
// evicting each other, two threads), against a plain mutex-guarded hash map update as the
// reference measured in the same run; and the waiting room with 10,000 tickets joining at
// once, being polled, and being admitted. Medians of several rounds.
//
//   build/tests/bench/protection_bench [rounds]

#include "server/HmacSigner.h"
#include "server/core/InProcessWaitingRoom.h"
#include "server/core/RateLimiter.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace topcoat;
using Steady = std::chrono::steady_clock;

namespace {

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    return values[values.size() / 2];
}

// Nanoseconds per operation of `run(operations)`, median over `rounds`.
double nanosPerOperation(int rounds, std::int64_t operations,
                         const std::function<void(std::int64_t)>& run) {
    std::vector<double> perOperation;
    for (int round = 0; round < rounds; ++round) {
        const auto started = Steady::now();
        run(operations);
        const std::chrono::duration<double, std::nano> elapsed = Steady::now() - started;
        perOperation.push_back(elapsed.count() / static_cast<double>(operations));
    }
    return median(perOperation);
}

// The reference: what any per-client limiter must at least do, read the clock and update a
// locked hash map.
double referenceNanos(int rounds, std::int64_t operations, std::uint64_t clients) {
    std::mutex mutex;
    std::unordered_map<std::uint64_t, std::int64_t> seen;
    return nanosPerOperation(rounds, operations, [&](std::int64_t n) {
        for (std::int64_t i = 0; i < n; ++i) {
            const auto now = Steady::now().time_since_epoch().count();
            std::lock_guard lock(mutex);
            seen[static_cast<std::uint64_t>(i) % clients + 1] += now;
        }
    });
}

double limiterNanos(int rounds, std::int64_t operations, std::uint64_t clients, int threads) {
    RateLimiter limiter;
    limiter.configure({1'000'000, 1'000'000}); // decides every time, refuses nobody
    std::int64_t base = 0;
    return nanosPerOperation(
               rounds, operations,
               [&](std::int64_t n) {
                   const auto perThread = n / threads;
                   std::vector<std::thread> workers;
                   for (int t = 0; t < threads; ++t)
                       workers.emplace_back([&, t, first = base + t * perThread] {
                           for (std::int64_t i = 0; i < perThread; ++i) {
                               const auto client = static_cast<std::uint64_t>(first + i) % clients +
                                                   1 + static_cast<std::uint64_t>(t) * clients;
                               limiter.admit(client, Steady::now().time_since_epoch());
                           }
                       });
                   for (auto& worker : workers)
                       worker.join();
                   base += n;
               }) *
           threads; // per request on one core: the threads ran side by side
}

void printLimiter(int rounds) {
    constexpr std::int64_t operations = 2'000'000;
    std::printf("rate limiter: ns per decision (median of %d rounds of %lld)\n", rounds,
                static_cast<long long>(operations));
    std::printf("  %-34s %10s %12s %8s\n", "clients", "limiter", "reference", "ratio");
    struct Case {
        const char* name;
        std::uint64_t clients;
        int threads;
    };
    for (const auto& c : {Case{"1 busy client", 1, 1}, Case{"10,000 clients", 10'000, 1},
                          Case{"1,000,000 distinct (evicting)", 1'000'000, 1},
                          Case{"10,000 clients, 2 threads", 10'000, 2}}) {
        const auto limiter = limiterNanos(rounds, operations, c.clients, c.threads);
        const auto reference = referenceNanos(rounds, operations, c.clients);
        std::printf("  %-34s %10.1f %12.1f %7.2fx\n", c.name, limiter, reference,
                    limiter / reference);
    }
    std::printf("  (threads: CPU time per decision, i.e. wall time x threads)\n");
}

// `count` customers join `room` at `at`; their tickets.
std::vector<std::string> joinAll(WaitingRoom& room, int count, TimePoint at) {
    std::vector<std::string> ids;
    ids.reserve(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i)
        ids.push_back(
            room.join("c" + std::to_string(i) + "@example.com", at, std::nullopt).value().ticket);
    return ids;
}

double nanosSince(Steady::time_point started, int count) {
    return std::chrono::duration<double, std::nano>(Steady::now() - started).count() / count;
}

void printWaitingRoom(int rounds) {
    constexpr int tickets = 10'000;
    const HmacSigner signer;
    const TimePoint start{std::chrono::milliseconds(1'800'000'000'000)};
    std::vector<double> joins, polls, admissions;
    for (int round = 0; round < rounds; ++round) {
        // One a minute: after the first, all 10,000 stay in line while they poll.
        InProcessWaitingRoom line(signer);
        line.configure({.enabled = true, .admitPerMinute = 1, .randomizeBeforeOpen = false}, start);
        auto started = Steady::now();
        const auto ids = joinAll(line, tickets, start);
        joins.push_back(nanosSince(started, tickets));
        started = Steady::now();
        for (const auto& id : ids)
            line.status(id, start + std::chrono::milliseconds(500));
        polls.push_back(nanosSince(started, tickets));

        // A million a minute: a second later all of them are due, and one status call admits
        // them all, signing a pass for each.
        InProcessWaitingRoom rush(signer);
        rush.configure({.enabled = true, .admitPerMinute = 1'000'000, .randomizeBeforeOpen = false},
                       start);
        const auto due = joinAll(rush, tickets, start);
        started = Steady::now();
        rush.status(due.back(), start + std::chrono::seconds(1));
        admissions.push_back(nanosSince(started, tickets));
        if (rush.counts().admitted != static_cast<std::uint64_t>(tickets) ||
            line.counts().waiting != tickets - 1) {
            std::fprintf(stderr, "the waiting room did not admit as configured\n");
            std::exit(1);
        }
    }
    std::printf("waiting room: %d tickets at once (median of %d rounds)\n", tickets, rounds);
    std::printf("  join            %8.0f ns per ticket\n", median(joins));
    std::printf("  status poll     %8.0f ns per ticket, with %d in line\n", median(polls),
                tickets - 1);
    std::printf("  admit + sign    %8.0f ns per ticket\n", median(admissions));
}

} // namespace

int main(int argc, char** argv) {
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 5;
    printLimiter(rounds);
    printWaitingRoom(rounds);
}

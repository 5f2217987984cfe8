#pragma once

// Buyers the cluster tests run in threads against real topcoatd nodes, and the tally of what the
// nodes answered them: units confirmed, refusals by kind, and the order ids customers were given.

#include "tests/support/HttpClient.h"

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <string>
#include <vector>

namespace topcoat::test {

struct Tally {
    std::atomic<int> confirmedUnits{0};
    std::atomic<int> soldOut{0};
    std::atomic<int> limitReached{0};
    std::atomic<int> unavailable{0};
    std::atomic<int> unreachable{0}; // the node did not answer at all (killed)
    std::atomic<int> other{0};
    std::atomic<int> finishedBuyers{0};
    std::mutex mutex;
    std::set<std::string> orderIds; // every order a customer was told is confirmed
    std::string firstOther;         // the first unexpected answer, to explain a failure

    void confirm(const HttpResult& reply, int quantity);
    void unexpected(const HttpResult& reply);
};

// One buyer of a live sale with a per-customer `limit`: random SKUs, quantities of 1 or 2, for a
// group of customers it shares with another buyer on another node, until every SKU is sold out
// for it or the whole group reached the limit on it. It asks past the limit on purpose, so the
// limit is what the nodes enforce together. Counts itself in `finishedBuyers` when done.
void buyTheSale(std::uint16_t port, const std::vector<std::string>& skus, int group, int limit,
                int seed, Tally& tally, const std::atomic<bool>& stop);

// One buyer under load: one unit of a random SKU at a time, each for a new customer, until
// `stop`, every SKU is sold out for it, or its node stops answering. Counts itself in
// `finishedBuyers` when done.
void buyUnits(std::uint16_t port, const std::vector<std::string>& skus, const std::string& buyer,
              Tally& tally, const std::atomic<bool>& stop);

} // namespace topcoat::test

#include "tests/cluster/ClusterBuyers.h"

#include "tests/http/ShopRequests.h"

#include <Poco/Exception.h>
#include <chrono>
#include <map>
#include <random>
#include <thread>

namespace topcoat::test {

namespace {

const std::map<std::string, std::string> jsonBody{{"Content-Type", "application/json"}};

} // namespace

void Tally::confirm(const HttpResult& reply, int quantity) {
    confirmedUnits += quantity;
    const std::lock_guard lock(mutex);
    orderIds.insert(reply.json()->getValue<std::string>("order_id"));
}

void Tally::unexpected(const HttpResult& reply) {
    ++other;
    const std::lock_guard lock(mutex);
    if (firstOther.empty())
        firstOther = std::to_string(reply.status) + " " + reply.body;
}

void buyTheSale(std::uint16_t port, const std::vector<std::string>& skus, int group, int limit,
                int seed, Tally& tally, const std::atomic<bool>& stop) {
    constexpr int customersPerGroup = 3;
    HttpClient client("127.0.0.1", port);
    std::mt19937 random(static_cast<unsigned>(seed) * 7919u + 17u);
    // atLimit[sku][customer]: refused with purchase_limit_reached, or this buyer bought the limit.
    std::map<std::string, std::vector<int>> bought;
    std::map<std::string, std::vector<bool>> atLimit;
    std::map<std::string, bool> onlySingles; // a 2 was refused sold out: one may be left
    std::vector<std::string> open = skus;
    for (const auto& sku : skus) {
        bought[sku] = std::vector<int>(customersPerGroup, 0);
        atLimit[sku] = std::vector<bool>(customersPerGroup, false);
    }
    while (!open.empty() && !stop.load()) {
        const auto at = std::uniform_int_distribution<std::size_t>(0, open.size() - 1)(random);
        const auto& sku = open[at];
        std::vector<int> customers;
        for (int c = 0; c < customersPerGroup; ++c)
            if (!atLimit[sku][c])
                customers.push_back(c);
        const int c =
            customers[std::uniform_int_distribution<std::size_t>(0, customers.size() - 1)(random)];
        const int quantity =
            onlySingles[sku] ? 1 : std::uniform_int_distribution<int>(1, 2)(random);
        const auto customer =
            "g" + std::to_string(group) + "-c" + std::to_string(c) + "@example.com";
        HttpResult reply;
        try {
            reply = client.post("/api/checkout", checkoutBody(sku, quantity, customer), jsonBody);
        } catch (const Poco::Exception&) {
            ++tally.unreachable;
            break;
        }
        bool closed = false;
        if (reply.status == 201) {
            tally.confirm(reply, quantity);
            bought[sku][c] += quantity;
            atLimit[sku][c] = bought[sku][c] >= limit;
        } else if (reply.errorCode() == "sold_out") {
            ++tally.soldOut;
            closed = quantity == 1;
            onlySingles[sku] = true;
        } else if (reply.errorCode() == "purchase_limit_reached") {
            ++tally.limitReached;
            atLimit[sku][c] = true;
        } else {
            tally.unexpected(reply);
        }
        bool everyCustomerAtLimit = true;
        for (bool full : atLimit[sku])
            everyCustomerAtLimit = everyCustomerAtLimit && full;
        if (closed || everyCustomerAtLimit)
            open.erase(open.begin() + static_cast<std::ptrdiff_t>(at));
    }
    ++tally.finishedBuyers;
}

void buyUnits(std::uint16_t port, const std::vector<std::string>& skus, const std::string& buyer,
              Tally& tally, const std::atomic<bool>& stop) {
    HttpClient client("127.0.0.1", port);
    std::mt19937 random(static_cast<unsigned>(std::hash<std::string>{}(buyer)));
    std::vector<std::string> open = skus;
    for (int i = 0; !open.empty() && !stop.load(); ++i) {
        const auto at = std::uniform_int_distribution<std::size_t>(0, open.size() - 1)(random);
        const auto customer = buyer + "-" + std::to_string(i) + "@example.com";
        HttpResult reply;
        try {
            reply = client.post("/api/checkout", checkoutBody(open[at], 1, customer), jsonBody);
        } catch (const Poco::Exception&) {
            ++tally.unreachable;
            break;
        }
        if (reply.status == 201) {
            tally.confirm(reply, 1);
        } else if (reply.errorCode() == "sold_out") {
            ++tally.soldOut;
            open.erase(open.begin() + static_cast<std::ptrdiff_t>(at));
        } else if (reply.status == 503 && reply.errorCode() == "unavailable") {
            ++tally.unavailable;
            // A customer's page tries again a little later, not in a tight loop that would take
            // the two cores from the nodes rebuilding the stock.
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        } else {
            tally.unexpected(reply);
        }
    }
    ++tally.finishedBuyers;
}

} // namespace topcoat::test

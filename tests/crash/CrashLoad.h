#pragma once

// Checkout load and shop read-back for the kill -9 test.
//
// Workers only record what they saw: QtTest's assertion macros are not thread-safe, so the test
// thread judges everything after the workers have been joined.

#include "tests/support/HttpClient.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace topcoat::test::crash {

// One checkout as sent, kept whole so the same request can be replayed later.
struct CheckoutAttempt {
    std::string sku;
    std::int64_t quantity = 1;
    std::string customer;       // as sent; the server stores it lower-cased
    std::string idempotencyKey; // "" when sent without one

    std::string body() const;
    std::map<std::string, std::string> headers() const;
};

struct Confirmed {
    CheckoutAttempt request;
    std::string orderId;
};

struct LoadReport {
    std::vector<Confirmed> confirmed;          // every 201
    std::vector<CheckoutAttempt> unknownKeyed; // keyed requests that got no response
    std::map<std::string, int> outcomes;       // "201", "409 sold_out", "lost", ...
    std::vector<std::string> problems;         // anything the contract does not allow
    void merge(LoadReport&& other);
};

struct LoadPlan {
    std::uint16_t port = 0;
    std::vector<std::string> skus;
    int customers = 50;
    int threads = 8;
    unsigned seed = 1;
    std::string keyPrefix;         // makes idempotency keys unique across rounds
    bool allowUnavailable = false; // a 503 is legitimate only while the server shuts down
};

// Classifies one checkout response into `report`; returns the order id of a 201, else "".
std::string recordResponse(const CheckoutAttempt& attempt, const HttpResult& result,
                           bool allowUnavailable, LoadReport& report);

class CheckoutLoad {
public:
    explicit CheckoutLoad(LoadPlan plan);
    ~CheckoutLoad();

    void start();
    // Waits until `count` 201s have been seen. False on timeout, or early when every worker
    // has already stopped (the server went away on its own), so a failure never waits it out.
    bool waitForConfirmed(int count, std::chrono::milliseconds timeout);
    int confirmedSoFar() const;
    // Asks the workers to stop after their current request, joins them and merges their
    // reports. Workers also stop by themselves on their first connection error.
    LoadReport finish();

private:
    void work(int index);
    void send(HttpClient& client, const CheckoutAttempt& attempt, LoadReport& report,
              std::string& orderId, bool& lost, bool counts);

    LoadPlan plan_;
    std::atomic<bool> stopping_{false};
    mutable std::mutex mutex_;
    std::condition_variable changed_;
    int confirmed_ = 0;
    int running_ = 0;
    std::vector<std::thread> threads_;
    std::vector<LoadReport> reports_;
};

// An order as the database has it, read through GET /admin/orders.
struct DbOrder {
    std::string orderId;
    std::string sku;
    std::string customer;
    std::int64_t quantity = 0;
    std::optional<std::int64_t> saleId;
};

// Stock counters of one SKU as GET /admin/products reports them.
struct StockView {
    std::int64_t available = 0;
    std::int64_t stocked = 0;
    std::int64_t sold = 0;
    std::int64_t reserved = 0;
};

// Every order, oldest first, paging with the server's cursor. Sets `error` on failure.
std::vector<DbOrder> fetchAllOrders(HttpClient& admin, std::string& error);
std::map<std::string, StockView> fetchStock(HttpClient& admin, std::string& error);
// Units sold per SKU of one sale, from GET /admin/sales.
std::map<std::string, std::int64_t> fetchSaleSold(HttpClient& admin, std::int64_t saleId,
                                                  std::string& error);

} // namespace topcoat::test::crash

// Reserve + commit on one hot SKU from several threads, through StockLedger: the cost of the
// stock step of a checkout under contention. Prints the median of several runs.
//
// Usage: stock_bench [threads=2] [operations per thread=1000000] [runs=7]

#include "server/core/InProcessStock.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <latch>
#include <thread>
#include <vector>

using namespace topcoat;

namespace {

double nanosecondsPerOperation(int threads, long operations) {
    InProcessStock stock;
    const std::string sku = "NP-001";
    stock.adjust(sku, threads * operations);
    std::latch start(threads + 1);
    std::vector<std::jthread> workers;
    for (int t = 0; t < threads; ++t)
        workers.emplace_back([&] {
            start.arrive_and_wait();
            for (long i = 0; i < operations; ++i)
                if (stock.reserve(sku, 1, std::nullopt) == ReserveOutcome::Reserved)
                    stock.commit(sku, 1);
        });
    const auto began = std::chrono::steady_clock::now();
    start.arrive_and_wait();
    workers.clear(); // joins
    const std::chrono::duration<double, std::nano> took = std::chrono::steady_clock::now() - began;
    if (stock.snapshot(sku)->sold != threads * operations)
        std::abort(); // the loop measured something other than successful checkouts
    return took.count() / static_cast<double>(threads * operations);
}

} // namespace

int main(int argc, char** argv) {
    const int threads = argc > 1 ? std::atoi(argv[1]) : 2;
    const long operations = argc > 2 ? std::atol(argv[2]) : 1'000'000;
    const int runs = argc > 3 ? std::atoi(argv[3]) : 7;
    std::vector<double> results;
    for (int run = 0; run < runs; ++run)
        results.push_back(nanosecondsPerOperation(threads, operations));
    std::sort(results.begin(), results.end());
    std::printf(
        "InProcessStock reserve+commit, %d threads, %ld ops each, %d runs: median %.1f ns/op "
        "(min %.1f, max %.1f)\n",
        threads, operations, runs, results[results.size() / 2], results.front(), results.back());
}

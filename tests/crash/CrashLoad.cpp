#include "CrashLoad.h"

#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <exception>
#include <random>

namespace topcoat::test::crash {
namespace {

std::int64_t int64Of(const Poco::JSON::Object::Ptr& object, const std::string& name) {
    return object->getValue<Poco::Int64>(name);
}

// Runs `read` on the parsed body of a 200 from GET `path`; any failure becomes `error`.
template <typename Read>
void readJson(HttpClient& client, const std::string& path, std::string& error, Read read) {
    try {
        const auto result = client.get(path);
        if (result.status != 200) {
            error = "GET " + path + " -> " + std::to_string(result.status) + " " + result.body;
            return;
        }
        read(result.json());
    } catch (const Poco::Exception& failure) {
        error = "GET " + path + ": " + failure.displayText();
    } catch (const std::exception& failure) {
        error = "GET " + path + ": " + failure.what();
    }
}

} // namespace

std::string CheckoutAttempt::body() const {
    return R"({"sku":")" + sku + R"(","quantity":)" + std::to_string(quantity) +
           R"(,"customer":")" + customer + R"("})";
}

std::map<std::string, std::string> CheckoutAttempt::headers() const {
    if (idempotencyKey.empty())
        return {};
    return {{"Idempotency-Key", idempotencyKey}};
}

void LoadReport::merge(LoadReport&& other) {
    for (auto& order : other.confirmed)
        confirmed.push_back(std::move(order));
    for (auto& attempt : other.unknownKeyed)
        unknownKeyed.push_back(std::move(attempt));
    for (const auto& [outcome, count] : other.outcomes)
        outcomes[outcome] += count;
    for (auto& problem : other.problems)
        problems.push_back(std::move(problem));
}

std::string recordResponse(const CheckoutAttempt& attempt, const HttpResult& result,
                           bool allowUnavailable, LoadReport& report) {
    const auto code = result.errorCode();
    const auto outcome = std::to_string(result.status) + (code.empty() ? "" : " " + code);
    ++report.outcomes[outcome];
    const bool refused = (result.status == 409 && code == "sold_out") ||
                         (result.status == 429 && code == "purchase_limit_reached") ||
                         (allowUnavailable && result.status == 503 && code == "unavailable");
    if (refused)
        return {};
    if (result.status != 201) {
        report.problems.push_back("checkout " + attempt.body() + " -> " + outcome + ": " +
                                  result.body);
        return {};
    }
    try {
        const auto order = result.json();
        const auto orderId = order->getValue<std::string>("order_id");
        if (order->getValue<std::string>("sku") != attempt.sku ||
            int64Of(order, "quantity") != attempt.quantity || orderId.empty())
            report.problems.push_back("201 does not match " + attempt.body() + ": " + result.body);
        report.confirmed.push_back({attempt, orderId});
        return orderId;
    } catch (const Poco::Exception& failure) {
        report.problems.push_back("unreadable 201 body " + result.body + ": " +
                                  failure.displayText());
        return {};
    }
}

CheckoutLoad::CheckoutLoad(LoadPlan plan) : plan_(std::move(plan)) {}

CheckoutLoad::~CheckoutLoad() {
    stopping_ = true;
    for (auto& thread : threads_)
        if (thread.joinable())
            thread.join();
}

void CheckoutLoad::start() {
    reports_.resize(static_cast<std::size_t>(plan_.threads));
    running_ = plan_.threads;
    for (int i = 0; i < plan_.threads; ++i)
        threads_.emplace_back([this, i] { work(i); });
}

bool CheckoutLoad::waitForConfirmed(int count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [&] { return confirmed_ >= count || running_ == 0; }) &&
           confirmed_ >= count;
}

int CheckoutLoad::confirmedSoFar() const {
    std::lock_guard lock(mutex_);
    return confirmed_;
}

LoadReport CheckoutLoad::finish() {
    stopping_ = true;
    for (auto& thread : threads_)
        thread.join();
    threads_.clear();
    LoadReport merged;
    for (auto& report : reports_)
        merged.merge(std::move(report));
    reports_.clear();
    return merged;
}

void CheckoutLoad::send(HttpClient& client, const CheckoutAttempt& attempt, LoadReport& report,
                        std::string& orderId, bool& lost, bool counts) {
    orderId.clear();
    HttpResult result;
    try {
        result = client.post("/api/checkout", attempt.body(), attempt.headers());
    } catch (...) {
        // No response: the order may or may not exist. It is never counted as confirmed.
        ++report.outcomes["lost"];
        if (!attempt.idempotencyKey.empty())
            report.unknownKeyed.push_back(attempt);
        lost = true;
        return;
    }
    orderId = recordResponse(attempt, result, plan_.allowUnavailable, report);
    if (!orderId.empty() && counts) {
        {
            std::lock_guard lock(mutex_);
            ++confirmed_;
        }
        changed_.notify_all();
    }
}

void CheckoutLoad::work(int index) {
    HttpClient client("127.0.0.1", plan_.port);
    std::mt19937 random(plan_.seed * 7919u + static_cast<unsigned>(index));
    auto& report = reports_[static_cast<std::size_t>(index)];
    const auto pick = [&](int below) {
        return std::uniform_int_distribution<int>(0, below - 1)(random);
    };
    bool lost = false;
    for (int n = 0; !stopping_ && !lost; ++n) {
        CheckoutAttempt attempt;
        attempt.sku =
            plan_.skus[static_cast<std::size_t>(pick(static_cast<int>(plan_.skus.size())))];
        attempt.quantity = 1 + pick(3);
        // A small shared pool, so customers buy repeatedly and reach the sale's limit; some
        // spellings differ in case, which must still count against the same customer.
        const auto customer = std::to_string(pick(plan_.customers));
        attempt.customer =
            pick(5) == 0 ? "C" + customer + "@Example.COM" : "c" + customer + "@example.com";
        if (pick(4) == 0)
            attempt.idempotencyKey =
                plan_.keyPrefix + "-" + std::to_string(index) + "-" + std::to_string(n);

        std::string orderId;
        send(client, attempt, report, orderId, lost, true);
        // A client retrying after a lost response: the key must give back the same order.
        if (!lost && !orderId.empty() && !attempt.idempotencyKey.empty() && pick(8) == 0) {
            std::string replayed;
            LoadReport replayReport; // a replay is not a second confirmed order
            send(client, attempt, replayReport, replayed, lost, false);
            if (!lost && replayed != orderId)
                report.problems.push_back("key " + attempt.idempotencyKey + " replayed as '" +
                                          replayed + "', first " + orderId);
            for (auto& problem : replayReport.problems)
                report.problems.push_back(std::move(problem));
        }
    }
    {
        std::lock_guard lock(mutex_);
        --running_;
    }
    changed_.notify_all();
}

std::vector<DbOrder> fetchAllOrders(HttpClient& admin, std::string& error) {
    std::vector<DbOrder> orders;
    std::string after = "0";
    while (error.empty()) {
        std::string next;
        readJson(admin, "/admin/orders?limit=1000&after=" + after, error,
                 [&](const Poco::JSON::Object::Ptr& page) {
                     const auto rows = page->getArray("orders");
                     for (unsigned i = 0; rows && i < rows->size(); ++i) {
                         const auto row = rows->getObject(i);
                         DbOrder order{row->getValue<std::string>("order_id"),
                                       row->getValue<std::string>("sku"),
                                       row->getValue<std::string>("customer"),
                                       int64Of(row, "quantity"), std::nullopt};
                         if (!row->isNull("sale_id"))
                             order.saleId = int64Of(row, "sale_id");
                         orders.push_back(std::move(order));
                     }
                     if (!page->isNull("next"))
                         next = page->getValue<std::string>("next");
                     if (!next.empty() && (!rows || rows->size() == 0))
                         error = "GET /admin/orders: an empty page with a next cursor " + next;
                 });
        if (next.empty())
            break;
        after = next;
    }
    return orders;
}

std::map<std::string, StockView> fetchStock(HttpClient& admin, std::string& error) {
    std::map<std::string, StockView> stock;
    readJson(admin, "/admin/products", error, [&](const Poco::JSON::Object::Ptr& body) {
        const auto products = body->getArray("products");
        for (unsigned i = 0; products && i < products->size(); ++i) {
            const auto product = products->getObject(i);
            stock[product->getValue<std::string>("sku")] =
                StockView{int64Of(product, "stock"), int64Of(product, "stocked"),
                          int64Of(product, "sold"), int64Of(product, "reserved")};
        }
    });
    return stock;
}

std::map<std::string, std::int64_t> fetchSaleSold(HttpClient& admin, std::int64_t saleId,
                                                  std::string& error) {
    std::map<std::string, std::int64_t> sold;
    readJson(admin, "/admin/sales", error, [&](const Poco::JSON::Object::Ptr& body) {
        const auto sales = body->getArray("sales");
        for (unsigned i = 0; sales && i < sales->size(); ++i) {
            const auto sale = sales->getObject(i);
            if (int64Of(sale, "id") != saleId)
                continue;
            const auto items = sale->getArray("items");
            for (unsigned j = 0; items && j < items->size(); ++j)
                sold[items->getObject(j)->getValue<std::string>("sku")] =
                    int64Of(items->getObject(j), "sold");
        }
    });
    return sold;
}

} // namespace topcoat::test::crash

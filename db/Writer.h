#pragma once

// The one thread that writes to the database. Orders queued while a commit is running are
// committed together in the next transaction (group commit), so one fsync or WAL append serves
// many checkouts and each caller waits only for the batch that holds its order. Other writes
// (catalog, stock, sales) run in transactions of their own, in the order they were queued.

#include "Connection.h"
#include "Records.h"

#include <QString>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace topcoat::db {

class OrderInserter;

struct WriterStats {
    std::uint64_t batches = 0;
    std::uint64_t orders = 0;
    std::uint64_t failedOrders = 0;
    std::uint64_t largestBatch = 0;
};

class Writer {
public:
    // Opens the writing connection and migrates the schema; throws DbError on failure, and
    // without writing a byte when a SQLite file is not Topcoat's (see ForeignDatabase.h).
    Writer(const Location& location, Durability durability);
    // Commits everything already queued, then closes the connection.
    ~Writer();
    // The same, ahead of destruction; later writes fail with DbError. Idempotent.
    void stop();

    Writer(const Writer&) = delete;
    Writer& operator=(const Writer&) = delete;

    // Blocks until the order's batch is committed. False when it could not be (disk full...).
    bool commitOrder(const OrderRow& order);

    // Whether a write changes what storefronts hold in memory (the catalog, sales, settings, a
    // cancelled order's counts): such a write moves the shop's change count, so that the other
    // storefronts sharing the database reload. The outbox's bookkeeping does not.
    enum class ShopChange { Yes, No };

    // Runs `work` on the writer thread inside a transaction and waits for the commit. Exceptions
    // from `work` roll the transaction back and are rethrown here.
    void run(std::function<void(QSqlDatabase&)> work, ShopChange change = ShopChange::Yes);

    WriterStats stats() const;

    // Whether each order (and each move of one) also writes its event to the outbox, in the
    // same transaction: on while anything outside listens for order events.
    void setAnnouncing(bool on) { announcing_.store(on); }
    bool announcing() const { return announcing_.load(); }

private:
    struct Job {
        const OrderRow* order = nullptr;         // an order, or...
        std::function<void(QSqlDatabase&)> work; // ...a write of its own
        ShopChange change = ShopChange::Yes;
        std::promise<void> done;
    };

    void enqueue(Job& job);
    void loop(std::promise<void>& started);
    void commitOrders(QSqlDatabase& db, std::vector<Job*>::iterator first,
                      std::vector<Job*>::iterator last);
    void runWork(QSqlDatabase& db, Job& job);
    // PostgreSQL: after a failure the connection may be gone (the server restarted); the next
    // batch opens a new one rather than failing every order after it.
    void reconnectIfBroken(QSqlDatabase& db);

    Location location_;
    QString connectionName_;
    Durability durability_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<Job*> queue_;
    bool stopping_ = false;
    bool writerIdle_ = false;       // waiting for work: enqueue() must wake it
    bool failedSinceCheck_ = false; // writer thread only

    std::atomic<std::uint64_t> batches_{0};
    std::atomic<std::uint64_t> orders_{0};
    std::atomic<std::uint64_t> failedOrders_{0};
    std::atomic<std::uint64_t> largestBatch_{0};
    std::atomic<bool> announcing_{false};

    std::unique_ptr<OrderInserter> inserter_; // statements prepared once, used by the thread
    std::thread thread_;
};

} // namespace topcoat::db

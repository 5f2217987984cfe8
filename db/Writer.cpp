#include "Writer.h"

#include "ChangeNotices.h"
#include "DbError.h"
#include "ForeignDatabase.h"
#include "Migrations.h"
#include "OrderQueries.h"

#include <QSqlQuery>
#include <atomic>

namespace topcoat::db {
namespace {

std::atomic<int> writerCount{0};

} // namespace

Writer::Writer(const Location& location, Durability durability)
    : location_(location), connectionName_(QStringLiteral("topcoat-writer-%1").arg(++writerCount)),
      durability_(durability) {
    std::promise<void> started;
    auto ready = started.get_future();
    thread_ = std::thread([this, &started] { loop(started); });
    try {
        ready.get();
    } catch (...) {
        thread_.join();
        throw;
    }
}

Writer::~Writer() {
    stop();
}

void Writer::stop() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable())
        thread_.join();
}

void Writer::enqueue(Job& job) {
    bool wake = false;
    {
        std::lock_guard lock(mutex_);
        if (stopping_)
            throw DbError("the database writer has stopped");
        queue_.push_back(&job);
        // A busy writer takes the whole queue when it finishes its batch: only an idle one
        // needs waking, which saves a system call per order under load.
        wake = writerIdle_;
    }
    if (wake)
        wake_.notify_one();
}

bool Writer::commitOrder(const OrderRow& order) {
    Job job;
    job.order = &order;
    auto done = job.done.get_future();
    try {
        enqueue(job);
        done.get();
        return true;
    } catch (const DbError&) {
        return false;
    }
}

void Writer::run(std::function<void(QSqlDatabase&)> work, ShopChange change) {
    Job job;
    job.work = std::move(work);
    job.change = change;
    auto done = job.done.get_future();
    enqueue(job);
    done.get();
}

WriterStats Writer::stats() const {
    return {batches_.load(), orders_.load(), failedOrders_.load(), largestBatch_.load()};
}

void Writer::loop(std::promise<void>& started) {
    {
        QSqlDatabase db;
        try {
            if (!location_.isPostgres())
                refuseForeignDatabase(location_.path); // opening for writing sets WAL: first
            db = openConnection(connectionName_, location_, Role::Writer, durability_);
            migrate(db);
            inserter_ = std::make_unique<OrderInserter>(db);
            started.set_value();
        } catch (...) {
            started.set_exception(std::current_exception());
            db = QSqlDatabase();
            closeConnection(connectionName_);
            return;
        }

        std::vector<Job*> batch;
        for (;;) {
            {
                std::unique_lock lock(mutex_);
                writerIdle_ = true;
                wake_.wait(lock, [this] { return !queue_.empty() || stopping_; });
                writerIdle_ = false;
                if (queue_.empty())
                    break; // stopping, and everything queued has been written
                batch.swap(queue_);
            }
            reconnectIfBroken(db);
            // Consecutive orders share one transaction; other writes keep their place in line.
            auto it = batch.begin();
            while (it != batch.end()) {
                if (!(*it)->order) {
                    runWork(db, **it);
                    ++it;
                    continue;
                }
                auto last = it;
                while (last != batch.end() && (*last)->order)
                    ++last;
                commitOrders(db, it, last);
                it = last;
            }
            batch.clear();
        }
        inserter_.reset();
        // Fold the WAL back into the database file so a clean shutdown leaves one file.
        if (!location_.isPostgres())
            QSqlQuery(db).exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
    }
    closeConnection(connectionName_);
}

void Writer::commitOrders(QSqlDatabase& db, std::vector<Job*>::iterator first,
                          std::vector<Job*>::iterator last) {
    const auto size = static_cast<std::uint64_t>(last - first);
    // Counters are updated before callers wake, so what a caller reads includes its own batch.
    const auto failAll = [&](const DbError& error) {
        failedSinceCheck_ = true;
        failedOrders_ += size;
        for (auto it = first; it != last; ++it)
            (*it)->done.set_exception(std::make_exception_ptr(error));
    };
    if (!inserter_) {
        failAll(DbError("no connection to the database"));
        return;
    }
    if (!db.transaction()) {
        failAll(DbError("begin order batch", db.lastError()));
        return;
    }
    std::vector<std::exception_ptr> outcomes;
    for (auto it = first; it != last; ++it) {
        try {
            inserter_->insert(*(*it)->order, announcing_.load());
            outcomes.emplace_back();
        } catch (const DbError& error) {
            // A constraint violation undoes only that statement. Disk full or I/O errors make
            // SQLite roll the whole transaction back: the orders before this one are gone, and
            // the ones after would each commit on their own while being reported as failed.
            if (!transactionOpen(db)) {
                failAll(DbError(std::string("order batch rolled back: ") + error.what()));
                return;
            }
            outcomes.push_back(std::current_exception());
        }
    }
    if (!db.commit()) {
        const DbError error("commit order batch", db.lastError());
        db.rollback();
        failAll(error);
        return;
    }

    std::uint64_t committed = 0;
    for (const auto& outcome : outcomes)
        committed += outcome ? 0 : 1;
    ++batches_;
    orders_ += committed;
    failedOrders_ += size - committed;
    auto largest = largestBatch_.load();
    while (size > largest && !largestBatch_.compare_exchange_weak(largest, size)) {
    }

    auto outcome = outcomes.begin();
    for (auto it = first; it != last; ++it, ++outcome) {
        if (*outcome)
            (*it)->done.set_exception(*outcome);
        else
            (*it)->done.set_value();
    }
}

void Writer::runWork(QSqlDatabase& db, Job& job) {
    try {
        if (!db.transaction())
            throw DbError("begin transaction", db.lastError());
        try {
            job.work(db);
            if (job.change == ShopChange::Yes) {
                execOrThrow(db, QStringLiteral("UPDATE shop_changes SET seq = seq + 1"),
                            "count the change");
                // PostgreSQL delivers the notice when (and only if) the transaction commits.
                if (isPostgres(db))
                    execOrThrow(db, QStringLiteral("NOTIFY ") + QLatin1String(shopChangesChannel),
                                "announce the change");
            }
            if (!db.commit())
                throw DbError("commit", db.lastError());
        } catch (...) {
            db.rollback();
            throw;
        }
        job.done.set_value();
    } catch (...) {
        failedSinceCheck_ = true;
        job.done.set_exception(std::current_exception());
    }
}

void Writer::reconnectIfBroken(QSqlDatabase& db) {
    if (!failedSinceCheck_ || !location_.isPostgres())
        return;
    failedSinceCheck_ = false;
    if (QSqlQuery(db).exec(QStringLiteral("SELECT 1")))
        return; // the failure was the statement's, the connection is fine
    inserter_.reset();
    db = QSqlDatabase();
    closeConnection(connectionName_);
    // One attempt per batch: while the server is away each batch fails fast and the next one
    // tries again.
    try {
        db = openConnection(connectionName_, location_, Role::Writer, durability_);
        inserter_ = std::make_unique<OrderInserter>(db);
        return;
    } catch (const DbError&) {
    }
    failedSinceCheck_ = true;
}

} // namespace topcoat::db

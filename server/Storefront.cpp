#include "Storefront.h"

#include "AdminToken.h"
#include "DataDirLock.h"
#include "DemoShop.h"
#include "HmacSigner.h"
#include "Logging.h"
#include "NodeHeartbeat.h"
#include "OpenFileLimit.h"
#include "OrderEvents.h"
#include "RedisInventory.h"
#include "ShopFollower.h"
#include "StatsSampler.h"
#include "db/ChangeNotices.h"
#include "db/Store.h"
#include "server/core/Checkout.h"
#include "server/core/CurrentShopIdentity.h"
#include "server/core/Degradation.h"
#include "server/core/IdempotencyStore.h"
#include "server/core/InProcessStock.h"
#include "server/core/InProcessWaitingRoom.h"
#include "server/core/Metrics.h"
#include "server/core/OrderChanges.h"
#include "server/core/Protection.h"
#include "server/core/ShopAdmin.h"
#include "server/http/Admission.h"
#include "server/http/ProtectionJson.h"
#include "server/http/ProtectionRoutes.h"
#include "server/http/RequestDispatcher.h"
#include "server/http/RouteTable.h"
#include "server/http/ShopIdentityJson.h"
#include "server/redis/RedisNodeDirectory.h"
#include "server/redis/RedisWaitingRoom.h"
#include "server/storage/RowConversion.h"
#include "server/storage/ShopLoader.h"
#include "server/storage/SqlOrderStore.h"
#include "server/storage/SqlShopRepository.h"
#include "server/storage/TranslateDbError.h"

#include <Poco/Environment.h>
#include <algorithm>
#include <array>
#include <map>
#include <spdlog/spdlog.h>
#include <thread>
#include <unistd.h>

namespace topcoat {
namespace {

const SystemClock systemClock;
constexpr const char* version = "0.1.0";
// At shutdown: requests being answered finish, and one still arriving gets its grace.
constexpr auto drainTimeout = std::chrono::milliseconds(1500);
// Descriptors kept for the database, logs and the admin port when sizing the storefront's.
constexpr std::uint64_t reservedDescriptors = 256;
constexpr std::size_t adminConnections = 256;

void saveSetting(db::Store& store, const std::string& name, const std::string& value,
                 TimePoint at) {
    storage::translateDbError([&] { store.saveSetting(name, value, storage::toUnixSeconds(at)); });
}

// The stored settings over the defaults, so a setting added in a later version starts at its
// default. Settings that no longer read (edited by hand) are reported and left at defaults.
void loadProtection(db::Store& store, Protection& protection, TimePoint now) {
    ProtectionSettings settings;
    if (const auto stored = store.loadSetting(http::protectionSettingName)) {
        auto merged = http::mergeProtection(*stored, settings);
        if (merged)
            settings = merged.value();
        else
            spdlog::get("app")->warn("stored protection settings ignored: {}", merged.error());
    }
    protection.apply(settings, now);
}

// The owner's feature switches and automatic mode as last set.
void loadDegradation(db::Store& store, Degradation& degradation, TimePoint now) {
    const auto stored = store.loadSetting(http::degradationSettingName);
    if (!stored)
        return;
    auto change = http::readSwitchChange(*stored);
    if (!change) {
        spdlog::get("app")->warn("stored feature switches ignored: {}", change.error());
        return;
    }
    auto restored = change.value();
    restored.reason = "as set before the restart";
    http::applySwitchChange(degradation, restored, now);
}

// The name, currency, contact and logo as last set; the defaults when nothing was, or when the
// stored identity no longer reads (edited by hand), which is reported.
void loadShopIdentity(db::Store& store, CurrentShopIdentity& identity) {
    const auto stored = store.loadSetting(http::shopIdentitySettingName);
    if (!stored)
        return;
    auto restored = http::mergeShopIdentity(*stored, ShopIdentity{});
    if (restored)
        identity.set(std::move(restored).value());
    else
        spdlog::get("app")->warn("stored shop identity ignored: {}", restored.error());
}

// The key every storefront of the shop signs waiting-room passes with: drawn by the first one to
// start and kept in the database, so a pass from one storefront is good at every other.
std::string shopSigningKey(db::Store& store, TimePoint now) {
    constexpr const char* name = "waiting_room.signing_key";
    return storage::translateDbError([&] {
        if (auto stored = store.loadSetting(name))
            return *stored;
        // Two storefronts starting together both draw one; the first stored wins for both.
        store.saveSettingIfAbsent(name, newSigningKey(), storage::toUnixSeconds(now));
        return store.loadSetting(name).value();
    });
}

} // namespace

struct Storefront::Parts {
    // First, so it is released last: another process may open the data only once it is closed.
    std::unique_ptr<DataDirLock> dataDirLock;
    std::unique_ptr<Logging> logging;
    std::unique_ptr<db::Store> store;

    Catalog catalog;
    SaleSchedule sales;
    // The single-box default, or the shop's shared stock in Redis (--inventory).
    std::unique_ptr<InProcessStock> memoryStock;
    std::unique_ptr<RedisInventory> redisStock;
    StockLedger* stockLedger = nullptr;
    IdempotencyStore idempotency;
    Degradation degradation;
    CurrentShopIdentity shopIdentity;
    // The single-box default signs passes with a key drawn at each start; a waiting room in
    // Redis, shared by several storefronts, with the shop's key from the database.
    std::unique_ptr<HmacSigner> passSigner;
    std::unique_ptr<WaitingRoom> waitingRoom;
    std::unique_ptr<Protection> protection;
    std::unique_ptr<http::Admission> admission;
    Metrics metrics;
    StatsHistory history;
    std::unique_ptr<StatsSampler> sampler;
    RandomOrderIdGenerator orderIds;
    std::unique_ptr<storage::SqlOrderStore> orders;
    std::unique_ptr<storage::SqlShopRepository> repository;
    std::unique_ptr<CheckoutService> checkout;
    std::unique_ptr<ShopAdmin> admin;
    std::unique_ptr<OrderChanges> orderChanges;
    std::unique_ptr<OrderEvents> orderEvents;

    AdminToken token;
    std::atomic<bool> ready{false};
    http::ServerFacts facts;

    std::unique_ptr<http::HealthRoutes> health;
    std::unique_ptr<http::ProductRoutes> products;
    std::unique_ptr<http::SaleRoutes> saleRoutes;
    std::unique_ptr<http::CheckoutRoute> checkoutRoute;
    std::unique_ptr<http::OrderRoutes> orderRoutes;
    std::unique_ptr<http::AdminProductRoutes> adminProducts;
    std::unique_ptr<http::DegradationRoutes> degradationRoutes;
    std::unique_ptr<http::StatusRoutes> status;
    std::unique_ptr<http::MetricsRoute> metricsRoute;
    std::unique_ptr<http::QueueRoutes> queueRoutes;
    std::unique_ptr<http::ProtectionRoutes> protectionRoutes;
    std::unique_ptr<http::ShopIdentityRoutes> shopRoutes;
    std::unique_ptr<redis::RedisNodeDirectory> nodeDirectory; // with Redis: the shop's others
    std::unique_ptr<http::ClusterRoutes> clusterRoutes;
    std::unique_ptr<http::WebhookRoutes> webhookRoutes;
    std::unique_ptr<http::OutboxRoutes> outboxRoutes;
    std::unique_ptr<http::MailRoutes> mailRoutes;
    std::unique_ptr<NodeHeartbeat> heartbeat;
    std::unique_ptr<http::StaticRoutes> page;
    std::unique_ptr<http::StockRoutes> stock;
    std::unique_ptr<http::Router> storefrontRouter;
    std::unique_ptr<http::Router> adminRouter;
    std::unique_ptr<http::RequestDispatcher> storefrontDispatcher;
    std::unique_ptr<http::RequestDispatcher> adminDispatcher;
    std::atomic<std::int64_t> adminInFlight{0}; // the storefront's is in `metrics`

    std::unique_ptr<http::HttpServer> storefrontServer;
    std::unique_ptr<http::HttpServer> adminServer;
    bool stopped = false;

    // With a database other storefronts share: their catalog, sale and setting changes. Last,
    // so its thread ends before anything it reloads into is destroyed; `appliedSettings` is
    // each followed setting's stored text as last applied (the follower thread's).
    std::map<std::string, std::optional<std::string>> appliedSettings;
    std::unique_ptr<ShopFollower> follower;
    std::unique_ptr<db::ChangeNotices> changeNotices; // nudges the follower
};

Storefront::Storefront(StorefrontOptions options) : Storefront(std::move(options), systemClock) {}

Storefront::Storefront(StorefrontOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), parts_(std::make_unique<Parts>()) {}

Storefront::~Storefront() {
    stop();
}

void Storefront::start(const std::function<void()>& listening) {
    auto& p = *parts_;
    std::filesystem::create_directories(options_.dataDir);
    // Before anything in the dir is touched: a second storefront on it would sell the same stock.
    p.dataDirLock = std::make_unique<DataDirLock>(options_.dataDir);
    p.logging =
        std::make_unique<Logging>((options_.dataDir / "logs").string(), options_.logToStderr);
    auto app = spdlog::get("app");

    const auto location =
        options_.orders
            ? *options_.orders
            : db::Location::sqlite(QString::fromStdString(databasePath(options_.dataDir).string()));
    p.store = std::make_unique<db::Store>(location, options_.durability);
    p.orders = std::make_unique<storage::SqlOrderStore>(*p.store);
    p.repository = std::make_unique<storage::SqlShopRepository>(*p.store);
    if (options_.inventory) {
        p.redisStock = std::make_unique<RedisInventory>(*options_.inventory, options_.holdGrace,
                                                        *p.store, *p.orders);
        p.stockLedger = &p.redisStock->ledger();
        p.passSigner = std::make_unique<HmacSigner>(shopSigningKey(*p.store, clock_.now()));
        p.waitingRoom =
            std::make_unique<redis::RedisWaitingRoom>(p.redisStock->connections(), *p.passSigner);
        app->info("stock and the waiting room in Redis at {}", options_.inventory->text());
    } else {
        p.memoryStock = std::make_unique<InProcessStock>();
        p.stockLedger = p.memoryStock.get();
        p.passSigner = std::make_unique<HmacSigner>();
        p.waitingRoom = std::make_unique<InProcessWaitingRoom>(*p.passSigner);
    }
    p.protection = std::make_unique<Protection>(*p.waitingRoom, p.degradation);
    p.checkout = std::make_unique<CheckoutService>(p.catalog, p.sales, *p.stockLedger,
                                                   p.idempotency, p.protection->waitingRoom(),
                                                   *p.orders, p.orderIds, clock_);
    p.admin =
        std::make_unique<ShopAdmin>(p.catalog, p.sales, *p.stockLedger, *p.repository, clock_);
    p.orderChanges = std::make_unique<OrderChanges>(*p.orders, *p.stockLedger, p.sales, clock_);
    p.orderEvents = storage::translateDbError([&] {
        return std::make_unique<OrderEvents>(
            OrderEvents::Sources{*p.store, *p.orders, p.catalog, p.shopIdentity, clock_},
            // On SQLite the data dir's lock makes this the only storefront, so a restart after
            // a crash takes the outbox over at once instead of waiting out the dead one's lease.
            location.isPostgres() ? Poco::Environment::nodeName() + ':' + std::to_string(::getpid())
                                  : std::string("sqlite"),
            options_.mail);
    });

    // Read before loading, so a change another storefront makes meanwhile is followed.
    const auto changesAtLoad =
        location.isPostgres() ? storage::translateDbError([&] { return p.store->changeCount(); })
                              : 0;
    const auto loaded =
        storage::loadShop(*p.store, p.catalog, *p.stockLedger, p.sales, p.idempotency);
    app->info("loaded {} products ({} units available) and {} sales from {}", loaded.products,
              loaded.unitsAvailable, loaded.sales, location.text());
    if (options_.demo && seedDemoShop(*p.admin, p.catalog, *p.store, clock_))
        app->info("seeded the demo shop");

    p.protection->trustProxiesAlways(options_.trustedProxies);
    // Noted before they are applied: one changed in between is applied again, not missed.
    if (location.isPostgres())
        for (const auto* name : {http::protectionSettingName, http::degradationSettingName,
                                 http::shopIdentitySettingName})
            p.appliedSettings[name] =
                storage::translateDbError([&] { return p.store->loadSetting(name); });
    loadProtection(*p.store, *p.protection, clock_.now());
    loadDegradation(*p.store, p.degradation, clock_.now());
    loadShopIdentity(*p.store, p.shopIdentity);
    if (location.isPostgres())
        p.follower = std::make_unique<ShopFollower>(
            changesAtLoad, [&p] { return p.store->changeCount(); },
            [&p, this] {
                storage::reloadCatalogAndSales(*p.store, p.catalog, p.sales);
                // Only the settings whose stored text changed: applying an unchanged one again
                // would undo what this storefront did since (features its automatic mode
                // switched off under load) or reset its rate limits' counters.
                const auto changed = [&p](const char* name) {
                    auto stored = p.store->loadSetting(name);
                    auto& applied = p.appliedSettings[name];
                    if (stored == applied)
                        return false;
                    applied = std::move(stored);
                    return true;
                };
                if (changed(http::protectionSettingName))
                    loadProtection(*p.store, *p.protection, clock_.now());
                if (changed(http::degradationSettingName))
                    loadDegradation(*p.store, p.degradation, clock_.now());
                if (changed(http::shopIdentitySettingName))
                    loadShopIdentity(*p.store, p.shopIdentity);
                p.orderEvents->refreshAnnouncing(); // a webhook another storefront added
            });
    if (location.isPostgres())
        p.changeNotices = std::make_unique<db::ChangeNotices>(
            location, [&p] { p.follower->nudge(); },
            [app](const std::string& what) {
                app->warn("{}; following the shop's changes once a second", what);
            });

    p.token = options_.adminToken.empty() ? loadOrCreateAdminToken(options_.dataDir)
                                          : AdminToken{options_.adminToken, false};

    p.facts.version = version;
    p.facts.startedAt = clock_.now();
    p.facts.bind = options_.bind;
    p.facts.adminBind = options_.adminBind;
    p.facts.storefrontPort = [this] {
        return port();
    };
    p.facts.adminPort = [this] {
        return adminPort();
    };
    p.facts.durability = options_.durability == db::Durability::Power ? "power" : "process";
    p.facts.databasePath = location.text();
    p.facts.node = [this] {
        return Poco::Environment::nodeName() + ':' + std::to_string(port());
    };
    p.facts.inventory = options_.inventory ? options_.inventory->text() : "memory";
    p.facts.orders = location.isPostgres() ? location.text() : "sqlite";
    p.facts.databaseBytes = [&p] {
        return p.store ? p.store->sizeOnDisk() : 0;
    };
    p.facts.ordersCommitted = [&p] {
        return p.store ? p.store->writerStats().orders : 0;
    };
    p.facts.commitBatches = [&p] {
        return p.store ? p.store->writerStats().batches : 0;
    };
    const http::SaveSetting save = [&p, this](const std::string& name, const std::string& value) {
        saveSetting(*p.store, name, value, clock_.now());
    };
    // Each route object gets only what it uses.
    p.health = std::make_unique<http::HealthRoutes>(p.ready);
    p.page = std::make_unique<http::StaticRoutes>(resources::storefrontFiles());
    p.products = std::make_unique<http::ProductRoutes>(clock_, p.catalog, p.sales, *p.stockLedger,
                                                       p.degradation);
    p.stock = std::make_unique<http::StockRoutes>(p.catalog, *p.stockLedger, p.degradation);
    p.saleRoutes = std::make_unique<http::SaleRoutes>(clock_, p.sales, *p.admin);
    p.checkoutRoute = std::make_unique<http::CheckoutRoute>(*p.checkout, p.metrics);
    p.orderRoutes = std::make_unique<http::OrderRoutes>(*p.orders, *p.orderChanges);
    p.queueRoutes = std::make_unique<http::QueueRoutes>(clock_, p.sales, *p.protection);
    p.status = std::make_unique<http::StatusRoutes>(clock_, p.catalog, *p.stockLedger, p.sales,
                                                    p.metrics, p.history, p.logging->ring(),
                                                    p.ready, p.facts, *p.protection);
    p.adminProducts = std::make_unique<http::AdminProductRoutes>(clock_, p.catalog, *p.stockLedger,
                                                                 p.sales, *p.admin);
    p.degradationRoutes = std::make_unique<http::DegradationRoutes>(clock_, p.degradation, save);
    p.protectionRoutes = std::make_unique<http::ProtectionRoutes>(clock_, *p.protection, save);
    p.shopRoutes = std::make_unique<http::ShopIdentityRoutes>(p.shopIdentity, save);
    p.metricsRoute = std::make_unique<http::MetricsRoute>(clock_, p.catalog, *p.stockLedger,
                                                          p.metrics, p.facts, *p.protection);
    if (p.redisStock)
        p.nodeDirectory = std::make_unique<redis::RedisNodeDirectory>(p.redisStock->connections());
    p.clusterRoutes =
        std::make_unique<http::ClusterRoutes>(clock_, p.facts, p.history, p.nodeDirectory.get());
    p.webhookRoutes = std::make_unique<http::WebhookRoutes>(
        clock_, p.orderEvents->book(), [&p] { p.orderEvents->refreshAnnouncing(); });
    p.outboxRoutes = std::make_unique<http::OutboxRoutes>(clock_, p.orderEvents->book());
    p.mailRoutes = std::make_unique<http::MailRoutes>(
        clock_, p.catalog, p.orderEvents->email(), [&p] { return p.orderEvents->mailTemplates(); },
        save);
    const http::RouteHandlers handlers{
        *p.health,       *p.page,          *p.products,          *p.stock,
        *p.saleRoutes,   *p.checkoutRoute, *p.orderRoutes,       *p.queueRoutes,
        *p.status,       *p.adminProducts, *p.degradationRoutes, *p.protectionRoutes,
        *p.metricsRoute, *p.shopRoutes,    *p.clusterRoutes,     *p.webhookRoutes,
        *p.outboxRoutes, *p.mailRoutes};
    p.storefrontRouter = std::make_unique<http::Router>(p.metrics, "storefront");
    http::addStorefrontRoutes(*p.storefrontRouter, handlers);
    p.adminRouter = std::make_unique<http::Router>(p.metrics, "admin");
    http::addAdminRoutes(*p.adminRouter, handlers);

    http::DispatchPolicy storefrontPolicy;
    p.admission = std::make_unique<http::Admission>(*p.protection, p.metrics);
    storefrontPolicy.admission = p.admission.get();
    storefrontPolicy.storefrontTraffic = true;
    http::DispatchPolicy adminPolicy;
    adminPolicy.isOwner = [&p](const http::HttpRequest& request) {
        return bearerMatches(request.header("Authorization"), p.token.value);
    };

    p.storefrontDispatcher = std::make_unique<http::RequestDispatcher>(
        *p.storefrontRouter, p.metrics, std::move(storefrontPolicy));
    p.adminDispatcher = std::make_unique<http::RequestDispatcher>(*p.adminRouter, p.metrics,
                                                                  std::move(adminPolicy));

    const auto files = raiseOpenFileLimit();
    app->info("open-file limit {} (was {})", files.now, files.before);
    auto storefrontLimits = options_.limits;
    if (storefrontLimits.maxConnections == 0)
        storefrontLimits.maxConnections = static_cast<std::size_t>(
            std::max<std::uint64_t>(64, files.now > 2 * reservedDescriptors
                                            ? files.now - reservedDescriptors - adminConnections
                                            : files.now / 2));
    auto adminLimits = options_.limits;
    adminLimits.maxConnections = adminConnections;
    adminLimits.workers = 2;
    p.storefrontServer = std::make_unique<http::HttpServer>(
        "storefront", options_.bind, options_.port, *p.storefrontDispatcher, p.metrics.inFlight(),
        storefrontLimits, &p.protection->connections());
    p.adminServer =
        std::make_unique<http::HttpServer>("admin", options_.adminBind, options_.adminPort,
                                           *p.adminDispatcher, p.adminInFlight, adminLimits);
    p.sampler = std::make_unique<StatsSampler>(
        p.history, p.metrics, clock_, [&p](const StatsSample& sample) {
            p.protection->autoDegrader().observe({sample.p99Ms, sample.inFlight}, sample.at);
        });
    if (p.nodeDirectory)
        p.heartbeat = std::make_unique<NodeHeartbeat>(*p.nodeDirectory, p.facts.node,
                                                      [&p] { return p.clusterRoutes->report(); });
    if (listening)
        listening();
    p.ready = true;
    p.storefrontServer->start();
    p.adminServer->start();
    app->info("storefront on {}:{}, admin on {}:{}, durability {}", options_.bind, port(),
              options_.adminBind, adminPort(), p.facts.durability);
}

void Storefront::stop() {
    auto& p = *parts_;
    if (p.stopped || !p.store) {
        p.dataDirLock.reset(); // a start that failed before the database opened holds it too
        return;                // never started, or already stopped
    }
    p.stopped = true;
    auto app = spdlog::get("app");
    app->info("stopping: no new connections, finishing requests in flight");
    p.ready = false;
    const std::array servers{p.storefrontServer.get(), p.adminServer.get()};
    for (auto* server : servers)
        if (server)
            server->drain();
    const auto deadline = std::chrono::steady_clock::now() + drainTimeout;
    for (auto* server : servers)
        if (server)
            server->waitUntilDrained(std::chrono::duration_cast<std::chrono::milliseconds>(
                std::max(deadline - std::chrono::steady_clock::now(),
                         std::chrono::steady_clock::duration::zero())));
    for (auto* server : servers)
        if (server)
            server->stop();
    p.sampler.reset();
    p.heartbeat.reset(); // withdraws this storefront from the shop's list
    if (p.redisStock)
        p.redisStock->stop(); // it reads orders from the database
    p.orderEvents->stop();    // it reads orders and writes deliveries
    if (p.changeNotices)
        p.changeNotices->stop();
    if (p.follower)
        p.follower->stop();
    p.store->closeWriter(); // flushes every queued write
    const auto stats = p.store->writerStats();
    p.store.reset();
    p.dataDirLock.reset(); // the database is closed: another process may take the dir over
    app->info("stopped; {} orders committed in {} batches this run", stats.orders, stats.batches);
}

std::size_t Storefront::productCount() const {
    return parts_->catalog.snapshot()->entries().size();
}

bool Storefront::seedDemo() {
    auto& p = *parts_;
    if (!p.store || p.stopped)
        return false;
    const bool seeded = seedDemoShop(*p.admin, p.catalog, *p.store, clock_);
    if (seeded)
        spdlog::get("app")->info("seeded the demo shop");
    return seeded;
}

std::uint16_t Storefront::port() const {
    return parts_->storefrontServer ? parts_->storefrontServer->port() : 0;
}

std::uint16_t Storefront::adminPort() const {
    return parts_->adminServer ? parts_->adminServer->port() : 0;
}

const std::string& Storefront::adminToken() const {
    return parts_->token.value;
}

std::filesystem::path Storefront::databasePath(const std::filesystem::path& dataDir) {
    return dataDir / "topcoat.db";
}

bool Storefront::adminTokenGenerated() const {
    return parts_->token.generated;
}

} // namespace topcoat

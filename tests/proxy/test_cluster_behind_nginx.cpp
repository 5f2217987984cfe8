// The shipped cluster files (packaging/cluster/) as the README installs them: three topcoatd
// started from topcoatd-node.conf on one real redis-server and PostgreSQL 15, behind the real
// nginx running the shop's site with its upstream block swapped for topcoat-upstream.conf by the
// README's own sed line. Customers are spread over the nodes by address and each stays on its
// node; a node killed is passed over without a customer seeing an error.

#include "tests/http/ShopRequests.h"
#include "tests/proxy/CurlClient.h"
#include "tests/proxy/NginxFrontend.h"
#include "tests/support/PostgresServer.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TopcoatdProcess.h"

#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <array>
#include <memory>

using namespace topcoat::test;

namespace {

constexpr int nodeCount = 3;
const char* const nodeAddresses[nodeCount] = {"10.0.0.10:8080", "10.0.0.11:8080", "10.0.0.12:8080"};

QString shipped(const char* path) {
    return QStringLiteral(TOPCOAT_SOURCE_DIR "/packaging/") + QLatin1String(path);
}

// `text` with every `from` replaced; empty when one of them is missing (the file changed).
QString replaced(QString text, const QList<std::pair<QString, QString>>& replacements) {
    for (const auto& [from, to] : replacements) {
        if (!text.contains(from))
            return {};
        text.replace(from, to);
    }
    return text;
}

bool writeFile(const QString& path, const QString& text) {
    QFile file(path);
    return !text.isEmpty() && file.open(QIODevice::WriteOnly) && file.write(text.toUtf8()) > 0;
}

QString readFile(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

} // namespace

class ClusterBehindNginxTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QTemporaryDir postgresDir_; // its own: opened to the postgres user
    std::unique_ptr<RedisServer> redis_;
    std::unique_ptr<PostgresServer> postgres_;
    std::array<std::unique_ptr<TopcoatdProcess>, nodeCount> nodes_;
    std::array<std::unique_ptr<HttpClient>, nodeCount> admins_;
    std::unique_ptr<NginxFrontend> nginx_;

    CurlClient customer(int n) {
        CurlClient client(nginx_->certificatePath(), NginxFrontend::hostName(),
                          nginx_->httpsPort());
        client.setSourceAddress(QStringLiteral("127.0.1.%1").arg(n));
        return client;
    }

    // GET /api/products answered by each node so far (its own /admin/stats).
    std::array<std::int64_t, nodeCount> servedByNode() {
        std::array<std::int64_t, nodeCount> served{};
        for (int i = 0; i < nodeCount; ++i) {
            if (!nodes_[i] || !nodes_[i]->pid())
                continue;
            const auto routes = admins_[i]->get("/admin/stats").json()->getArray("routes");
            for (std::size_t r = 0; r < routes->size(); ++r) {
                const auto entry = routes->getObject(static_cast<unsigned>(r));
                if (entry->getValue<std::string>("server") == "storefront" &&
                    entry->getValue<std::string>("route") == "/api/products")
                    served[i] += entry->getValue<std::int64_t>("count");
            }
        }
        return served;
    }

    // The node that answered `requests` GETs from customer `n`; -1 if they were not all one
    // node's or any failed.
    int nodeOf(int n, int requests = 4) {
        const auto before = servedByNode();
        auto client = customer(n);
        for (int i = 0; i < requests; ++i)
            if (client.get(QStringLiteral("/api/products")).status != 200)
                return -1;
        const auto after = servedByNode();
        int node = -1;
        for (int i = 0; i < nodeCount; ++i) {
            const auto gained = after[i] - before[i];
            if (gained == requests && node == -1)
                node = i;
            else if (gained != 0)
                return -1;
        }
        return node;
    }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid() && postgresDir_.isValid());
        redis_ = std::make_unique<RedisServer>(dir_.path() + "/redis");
        QVERIFY2(redis_->start(), qPrintable(redis_->error()));
        postgres_ = std::make_unique<PostgresServer>(postgresDir_.path());
        QVERIFY2(postgres_->start(), qPrintable(postgres_->error()));

        const auto nodeConfig = readFile(shipped("cluster/topcoatd-node.conf"));
        for (int i = 0; i < nodeCount; ++i) {
            const auto data = dir_.path() + "/node" + QString::number(i);
            const auto config = dir_.path() + "/node" + QString::number(i) + ".conf";
            QVERIFY2(
                writeFile(
                    config,
                    replaced(nodeConfig,
                             {{"data-dir = /var/lib/topcoat", "data-dir = " + data},
                              {"bind = 10.0.0.11", "bind = 127.0.0.1"},
                              {"port = 8080", "port = 0"},
                              {"admin-port = 8081", "admin-port = 0"},
                              {"trusted-proxies = 10.0.0.10", "trusted-proxies = 127.0.0.1"},
                              {"redis://10.0.0.10:6379", redis_->url()},
                              {"postgresql://topcoat@10.0.0.10:5432/topcoat", postgres_->url()}})),
                "topcoatd-node.conf no longer has the values this test replaces");
            nodes_[i] = std::make_unique<TopcoatdProcess>(data, QStringList{"--config", config});
            QVERIFY2(nodes_[i]->start(), qPrintable(nodes_[i]->error()));
            admins_[i] = std::make_unique<HttpClient>("127.0.0.1", nodes_[i]->adminPort());
            admins_[i]->setToken(nodes_[i]->adminToken());
        }
        QCOMPARE(admins_[0]->put("/admin/protection", unlimitedProtection).status, 200);

        // The README's line, on a copy of the shop's site.
        const auto site = dir_.path() + "/topcoat.conf";
        QVERIFY(QFile::copy(shipped("nginx/topcoat.conf"), site));
        QCOMPARE(QProcess::execute("sed", {"-i", "/^upstream topcoat_storefront {/,/^}/d", site}),
                 0);
        QVERIFY(!readFile(site).contains("upstream topcoat_storefront"));
        QVERIFY(readFile(site).contains("proxy_pass http://topcoat_storefront;"));
        nginx_ = std::make_unique<NginxFrontend>(
            QStringList{shipped("cluster/topcoat-upstream.conf"), site}, 0, 0);
        for (int i = 0; i < nodeCount; ++i)
            nginx_->addReplacement(nodeAddresses[i],
                                   QStringLiteral("127.0.0.1:%1").arg(nodes_[i]->port()));
        QVERIFY2(nginx_->start(), qPrintable(nginx_->error()));
    }

    void eachCustomerStaysOnOneNodeAndAllNodesServe() {
        std::array<int, nodeCount> customers{};
        for (int n = 1; n <= 24; ++n) {
            const auto node = nodeOf(n);
            QVERIFY2(node >= 0,
                     qPrintable(QStringLiteral("customer %1 was not served by one node").arg(n)));
            ++customers[node];
            QCOMPARE(nodeOf(n), node); // and again the same one
        }
        for (int i = 0; i < nodeCount; ++i)
            QVERIFY2(customers[i] > 0, qPrintable(QStringLiteral("node %1 served nobody").arg(i)));
    }

    void aKilledNodeIsPassedOver() {
        // A customer of the node about to go.
        int victim = 0;
        for (int n = 1; n <= 24 && !victim; ++n)
            if (nodeOf(n) == 1)
                victim = n;
        QVERIFY(victim);
        nodes_[1]->kill();
        auto client = customer(victim);
        for (int i = 0; i < 10; ++i) {
            const auto response = client.get(QStringLiteral("/api/products"));
            QVERIFY2(response.status == 200, qPrintable(response.error + response.body));
        }
        // A checkout through the proxy still sells from the shop's one stock.
        const auto sku = createFreshProduct(*admins_[0], "NGC", 900, 5);
        QTRY_VERIFY_WITH_TIMEOUT(productBySku(*admins_[2], sku), 10000); // followed by node 2
        const auto bought =
            client.post(QStringLiteral("/api/checkout"),
                        QByteArray::fromStdString(checkoutBody(sku, 2, "nginx@example.com")));
        QVERIFY2(bought.status == 201, qPrintable(bought.error + bought.body));
        QTRY_COMPARE_WITH_TIMEOUT(stockOf(*admins_[0], sku), std::int64_t(3), 5000);
    }
};

QTEST_GUILESS_MAIN(ClusterBehindNginxTest)
#include "test_cluster_behind_nginx.moc"

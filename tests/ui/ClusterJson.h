#pragma once

// Hand-written GET /admin/cluster answers (server/API.md, "Orders in PostgreSQL") for the
// parser's and the Nodes panel's tests.

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace topcoat::test {

struct NodeFigures {
    QString node;
    bool up = true;
    qint64 requests = 0; // storefront requests in its last second
    qint64 confirmed = 0;
    double p99Ms = 0;
    qint64 inFlight = 0;
    qint64 ordersCommitted = 0;
    QString version = QStringLiteral("0.1.0");
};

inline QJsonObject clusterNodeJson(const NodeFigures& f) {
    const QJsonObject checkouts{{"confirmed", f.confirmed},
                                {"sold_out", 2},
                                {"limit_reached", 0},
                                {"rate_limited", 5},
                                {"shed", 0},
                                {"rejected", 0},
                                {"error", 0}};
    return {{"node", f.node},
            {"admin", "127.0.0.1:8081"},
            {"version", f.version},
            {"started_at", "2026-12-03T17:40:02Z"},
            {"reported_at", f.up ? "2026-12-03T18:00:01Z" : "2026-12-03T17:58:30Z"},
            {"inventory", "redis://10.0.0.5:6379"},
            {"orders", "postgresql://topcoat@10.0.0.5:5432/topcoat"},
            {"orders_committed", f.ordersCommitted},
            {"last_second", QJsonObject{{"storefront_requests", f.requests},
                                        {"checkouts", checkouts},
                                        {"p99_ms", f.p99Ms},
                                        {"in_flight", f.inFlight}}},
            {"up", f.up}};
}

// The answer of `thisNode` for `nodes`, with the totals the server adds up (the nodes up only).
inline QJsonObject clusterJson(const QString& thisNode, const QList<NodeFigures>& nodes) {
    QJsonArray listed;
    qint64 up = 0, requests = 0, confirmed = 0, inFlight = 0, committed = 0;
    for (const auto& node : nodes) {
        listed.append(clusterNodeJson(node));
        if (!node.up)
            continue;
        ++up;
        requests += node.requests;
        confirmed += node.confirmed;
        inFlight += node.inFlight;
        committed += node.ordersCommitted;
    }
    return {{"this_node", thisNode},
            {"nodes", listed},
            {"totals", QJsonObject{{"nodes_up", up},
                                   {"storefront_requests", requests},
                                   {"confirmed", confirmed},
                                   {"in_flight", inFlight},
                                   {"orders_committed", committed}}}};
}

// shop1:8080 (attached, up) and shop2:8080 (down since 17:58:30).
inline QJsonObject twoNodesOneDownJson() {
    return clusterJson(QStringLiteral("shop1:8080"),
                       {{QStringLiteral("shop1:8080"), true, 2210, 31, 12.5, 7, 412},
                        {QStringLiteral("shop2:8080"), false, 1900, 25, 40.0, 3, 388}});
}

} // namespace topcoat::test

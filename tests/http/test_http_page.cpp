// The storefront page of server/API.md against a real topcoatd: GET / and /static/ files with
// their content types, strong ETags and 304s, gzip only when the client asks for it, cache
// policy, and unknown files in the API's error shape.

#include "ApiChecks.h"
#include "ServerUnderTest.h"

#include <Poco/InflatingStream.h>
#include <Poco/StreamCopier.h>
#include <QtTest>
#include <regex>
#include <sstream>

using namespace topcoat::test;

namespace {

std::string gunzip(const std::string& bytes) {
    std::istringstream in(bytes);
    Poco::InflatingInputStream inflater(in, Poco::InflatingStreamBuf::STREAM_GZIP);
    std::string out;
    Poco::StreamCopier::copyToString(inflater, out);
    return out;
}

bool isStrongEtag(const std::string& tag) {
    return tag.size() > 2 && tag.front() == '"' && tag.back() == '"';
}

// The /static/ URLs the page refers to, as written in it (with their ?v= version).
std::vector<std::string> assetUrls(const std::string& page) {
    std::vector<std::string> urls;
    const std::regex reference("\"(/static/[^\"]+)\"");
    for (auto it = std::sregex_iterator(page.begin(), page.end(), reference);
         it != std::sregex_iterator(); ++it)
        urls.push_back((*it)[1].str());
    return urls;
}

} // namespace

class PageTest : public ServerTestCase {
    Q_OBJECT

private slots:
    void pageIsHtmlWithStrongEtag() {
        auto client = server_.storefront();
        const auto result = client.get("/");
        QCOMPARE(result.status, 200);
        QCOMPARE(result.header("content-type"), std::string("text/html; charset=utf-8"));
        QCOMPARE(result.header("x-topcoat-api"), std::string("1"));
        QVERIFY2(isStrongEtag(result.header("etag")), qPrintable(describe(result)));
        // A new release must be picked up on the next visit.
        QCOMPARE(result.header("cache-control"), std::string("no-cache"));
        QCOMPARE(result.header("content-encoding"), std::string());
        QCOMPARE(result.header("vary"), std::string("Accept-Encoding"));
        QVERIFY(result.body.find("<html") != std::string::npos);
        QVERIFY(!result.header("content-security-policy").empty());
    }

    void pageRevalidatesWith304() {
        auto client = server_.storefront();
        const auto etag = client.get("/").header("etag");
        const auto again = client.get("/", {{"If-None-Match", etag}});
        QCOMPARE(again.status, 304);
        QVERIFY(again.body.empty());
        QCOMPARE(again.header("etag"), etag);
        QCOMPARE(again.header("cache-control"), std::string("no-cache"));
        // 304 carries no Content-Length that would contradict the body it stands for.
        QCOMPARE(again.header("content-length"), std::string());
        // Among others, weak, or not at all: If-None-Match's list and weak comparison.
        QCOMPARE(client.get("/", {{"If-None-Match", "\"other\", W/" + etag}}).status, 304);
        QCOMPARE(client.get("/", {{"If-None-Match", "*"}}).status, 304);
        const auto changed = client.get("/", {{"If-None-Match", "\"not-this-one\""}});
        QCOMPARE(changed.status, 200);
        QVERIFY(!changed.body.empty());
        // The keep-alive connection still works after a bodiless 304.
        QCOMPARE(client.get("/healthz").status, 200);
    }

    void gzipOnlyWhenAsked() {
        auto client = server_.storefront();
        const auto identity = client.get("/");
        const auto gzip = client.get("/", {{"Accept-Encoding", "br, gzip;q=0.8"}});
        QCOMPARE(gzip.status, 200);
        QCOMPARE(gzip.header("content-encoding"), std::string("gzip"));
        QCOMPARE(gzip.header("vary"), std::string("Accept-Encoding"));
        QVERIFY(gzip.body.size() < identity.body.size());
        QCOMPARE(gunzip(gzip.body), identity.body);
        // Each encoding is its own representation with its own strong tag.
        QVERIFY(isStrongEtag(gzip.header("etag")));
        QVERIFY(gzip.header("etag") != identity.header("etag"));
        QCOMPARE(
            client.get("/", {{"Accept-Encoding", "gzip"}, {"If-None-Match", gzip.header("etag")}})
                .status,
            304);

        for (const char* refused : {"gzip;q=0", "identity", "br", "*;q=0", "gzip;q=0, *"}) {
            const auto plain = client.get("/", {{"Accept-Encoding", refused}});
            QVERIFY2(plain.header("content-encoding").empty(), refused);
            QCOMPARE(plain.body, identity.body);
        }
        QCOMPARE(client.get("/", {{"Accept-Encoding", "*"}}).header("content-encoding"),
                 std::string("gzip"));
    }

    void assetsThePageUses() {
        auto client = server_.storefront();
        const auto page = client.get("/").body;
        const auto urls = assetUrls(page);
        QVERIFY2(urls.size() >= 2, page.c_str());
        bool sawCss = false;
        bool sawJs = false;
        for (const auto& url : urls) {
            const auto result = client.get(url);
            QVERIFY2(result.status == 200, url.c_str());
            QVERIFY2(isStrongEtag(result.header("etag")), url.c_str());
            QCOMPARE(result.header("x-content-type-options"), std::string("nosniff"));
            // Versioned URLs change with the content, so they may be kept for long.
            QVERIFY2(url.find("?v=") != std::string::npos, url.c_str());
            QCOMPARE(result.header("cache-control"),
                     std::string("public, max-age=31536000, immutable"));
            const auto type = result.header("content-type");
            sawCss = sawCss || type == "text/css; charset=utf-8";
            sawJs = sawJs || type == "text/javascript; charset=utf-8";
            QCOMPARE(client.get(url, {{"If-None-Match", result.header("etag")}}).status, 304);
        }
        QVERIFY(sawCss);
        QVERIFY(sawJs);
        // Without the current version (an old page, a hand-typed URL) it must revalidate.
        const auto unversioned = client.get("/static/storefront.js");
        QCOMPARE(unversioned.status, 200);
        QCOMPARE(unversioned.header("cache-control"), std::string("no-cache"));
        QCOMPARE(client.get("/static/storefront.js?v=0000").header("cache-control"),
                 std::string("no-cache"));
    }

    void unknownFilesAreApiNotFound() {
        auto client = server_.storefront();
        for (const char* path : {"/static/nope.js", "/static/", "/static/index.html",
                                 "/static/../storefront.js", "/static/%2e%2e%2fstorefront.js",
                                 "/static/a/storefront.js", "/index.html", "/favicon.ico"})
            EXPECT_API_ERROR(client.get(path), 404, "not_found");
        EXPECT_API_ERROR(client.post("/", "{}"), 405, "method_not_allowed");
        EXPECT_API_ERROR(client.request("DELETE", "/static/storefront.js"), 405,
                         "method_not_allowed");
    }
};

QTEST_GUILESS_MAIN(PageTest)
#include "test_http_page.moc"

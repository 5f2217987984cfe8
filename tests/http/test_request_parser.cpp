// RequestParser on its own: every form the front door accepts, every refusal with the API
// error it is answered with, and the same outcome however the bytes are split across reads.

#include "RequestParserCases.h"
#include "server/http/RequestParser.h"

#include <QtTest>
#include <random>

using namespace topcoat::http;
using namespace topcoat::test;

namespace {

using Status = RequestParser::Status;

// What a parser made of a stream of bytes: the requests it completed, in order, then how it
// stopped.
struct Outcome {
    std::vector<RequestParser::Parsed> requests;
    Status status = Status::NeedMore;
    ParseFailure failure;
    std::size_t waiting = 0; // bytes received and not yet part of a complete request
};

// Hands `bytes` to a parser as a server would: first up to cuts[0], then up to cuts[1], ...,
// then the rest; each Complete request is taken and its bytes removed before parsing again.
Outcome feed(std::string_view bytes, std::vector<std::size_t> cuts, ParserLimits limits = {}) {
    RequestParser parser(limits);
    Outcome outcome;
    std::string buffer;
    std::size_t received = 0;
    cuts.push_back(bytes.size());
    for (const auto cut : cuts) {
        buffer.append(bytes.substr(received, cut - received));
        received = cut;
        while ((outcome.status = parser.parse(buffer)) == Status::Complete) {
            auto parsed = parser.take();
            if (parsed.bytes == 0 || parsed.bytes > buffer.size())
                qFatal("a request took %zu of %zu bytes", parsed.bytes, buffer.size());
            buffer.erase(0, parsed.bytes);
            outcome.requests.push_back(std::move(parsed));
        }
        if (outcome.status == Status::Failed) {
            outcome.failure = parser.failure();
            break;
        }
    }
    outcome.waiting = buffer.size();
    return outcome;
}

Outcome whole(std::string_view bytes, ParserLimits limits = {}) {
    return feed(bytes, {}, limits);
}

Outcome byteByByte(std::string_view bytes, ParserLimits limits = {}) {
    std::vector<std::size_t> cuts;
    for (std::size_t i = 1; i < bytes.size(); ++i)
        cuts.push_back(i);
    return feed(bytes, cuts, limits);
}

// Up to 8 cut points, sorted; mt19937's output is fixed by the standard, so is every split.
std::vector<std::size_t> randomCuts(std::size_t size, std::mt19937& random) {
    std::vector<std::size_t> cuts(1 + random() % 8);
    for (auto& cut : cuts)
        cut = random() % (size + 1);
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

// Everything the parser decided, as text: two outcomes are the same when their texts are.
QByteArray describe(const Outcome& outcome) {
    std::string text;
    for (const auto& [request, bytes] : outcome.requests) {
        text += request.method + " " + request.target + " HTTP/1." +
                std::to_string(request.minorVersion) +
                (request.keepAlive ? " keep-alive" : " close") + ", " + std::to_string(bytes) +
                " bytes\n";
        for (const auto& field : request.headers)
            text += "  " + field.name + ": " + field.value + "\n";
        text += "  body (" + std::to_string(request.body.size()) + "): " + request.body + "\n";
    }
    switch (outcome.status) {
    case Status::NeedMore:
        text += "needs more, " + std::to_string(outcome.waiting) + " bytes waiting";
        break;
    case Status::Complete:
        text += "complete"; // never: feed() takes every complete request
        break;
    case Status::Failed:
        text += "failed: " + std::to_string(httpStatus(outcome.failure.error)) + " " +
                std::string(wireCode(outcome.failure.error));
        break;
    }
    return QByteArray::fromStdString(text);
}

} // namespace

class TestRequestParser : public QObject {
    Q_OBJECT

private slots:
    void contentLengthBody() {
        const std::string body = R"({"sku":"TEE-1","quantity":1})";
        const auto bytes = withLength(body) + "GET /next";
        const auto outcome = whole(bytes);
        QCOMPARE(outcome.requests.size(), std::size_t(1));
        const auto& [request, taken] = outcome.requests[0];
        QCOMPARE(taken, bytes.size() - 9);
        QCOMPARE(request.method, std::string("POST"));
        QCOMPARE(request.target, std::string("/api/checkout"));
        QCOMPARE(request.minorVersion, 1);
        QCOMPARE(request.body, body);
        QVERIFY(request.keepAlive);
        QCOMPARE(request.headers.size(), std::size_t(2));
        QCOMPARE(request.headers[1].name, std::string("Content-Length"));
        QCOMPARE(request.header("content-length"), std::to_string(body.size()));
        QCOMPARE(outcome.status, Status::NeedMore); // "GET /next" waits for the rest
        QCOMPARE(outcome.waiting, std::size_t(9));
    }

    void requestWithoutBodyEndsAtItsHead() {
        RequestParser parser;
        const auto head = get("/api/products", "Host: shop\r\nX-A:\t a b \t\r\n");
        QCOMPARE(parser.parse(head + "garbage"), Status::Complete);
        const auto parsed = parser.take();
        QCOMPARE(parsed.bytes, head.size());
        QVERIFY(parsed.request.body.empty());
        QCOMPARE(parsed.request.header("X-A"), std::string("a b"));
        QCOMPARE(parsed.request.header("host"), std::string("shop"));
    }

    void repeatedContentLengthsThatAgree() {
        for (const auto* fields : {"Content-Length: 5, 5\r\n", "Content-Length: 5 ,5 , 5\r\n",
                                   "Content-Length: 5\r\nContent-Length: 5\r\n"}) {
            const auto outcome = whole(post(fields, "hello"));
            QVERIFY2(outcome.requests.size() == 1, fields);
            QCOMPARE(outcome.requests[0].request.body, std::string("hello"));
        }
    }

    void chunkedBodyWithExtensionsAndTrailers() {
        const auto bytes = chunked("5;name=value\r\nhello\r\n6 ; a=\"b;c\"\r\n world\r\n"
                                   "A\r\n0123456789\r\n0;last\r\nDigest: x\r\nOther: y\r\n\r\n");
        const auto outcome = whole(bytes);
        QCOMPARE(outcome.requests.size(), std::size_t(1));
        const auto& [request, taken] = outcome.requests[0];
        QCOMPARE(taken, bytes.size());
        QCOMPARE(request.body, std::string("hello world0123456789"));
        // Trailer fields are checked, then dropped: they never join the head's fields.
        QVERIFY(!request.hasHeader("Digest"));
        QCOMPARE(request.headers.size(), std::size_t(2));
        QCOMPARE(outcome.waiting, std::size_t(0));
    }

    void pipelinedRequestsAreTakenInOrder() {
        const auto first = get("/a");
        const auto second = withLength("hello");
        const auto third = chunked("3\r\nabc\r\n0\r\n\r\n");
        const auto fourth = "\r\n" + get("/d", "Host: shop\r\nConnection: close\r\n");
        const std::string partial = "GET /e HTTP/1.1\r\nHo";
        std::string input = first + second + third + fourth + partial;

        RequestParser parser;
        std::vector<std::size_t> sizes;
        std::vector<std::string> bodies;
        std::vector<std::string> targets;
        Status status;
        while ((status = parser.parse(input)) == Status::Complete) {
            auto parsed = parser.take();
            QVERIFY(!parser.started());
            QVERIFY(!parser.headComplete());
            sizes.push_back(parsed.bytes);
            targets.push_back(parsed.request.target);
            bodies.push_back(parsed.request.body);
            input.erase(0, parsed.bytes);
        }
        QCOMPARE(status, Status::NeedMore);
        QCOMPARE(sizes, (std::vector<std::size_t>{first.size(), second.size(), third.size(),
                                                  fourth.size()}));
        QCOMPARE(targets, (std::vector<std::string>{"/a", "/api/checkout", "/api/checkout", "/d"}));
        QCOMPARE(bodies, (std::vector<std::string>{"", "hello", "abc", ""}));
        QCOMPARE(input, partial);
        QVERIFY(parser.started());
        QVERIFY(!parser.headComplete());
    }

    void leadingEmptyLinesAreSkipped() {
        RequestParser parser;
        QCOMPARE(parser.parse("\r\n\r\n\r"), Status::NeedMore);
        QVERIFY(!parser.started());
        const auto bytes = "\r\n\r\n" + get("/a");
        QCOMPARE(parser.parse(bytes), Status::Complete);
        QVERIFY(parser.started());
        const auto parsed = parser.take();
        QCOMPARE(parsed.request.target, std::string("/a"));
        QCOMPARE(parsed.bytes, bytes.size()); // the empty lines go with the request
    }

    void absoluteFormTargetsUseTheirPath() {
        const std::pair<const char*, const char*> targets[] = {
            {"http://shop.example:8080/api/products?page=2", "/api/products?page=2"},
            {"HTTPS://shop.example", "/"},
            {"http://shop.example?x=1", "/?x=1"},
            {"http://shop.example/", "/"},
            {"//shop.example/a", "//shop.example/a"}, // a path that starts with two slashes
        };
        for (const auto& [target, path] : targets) {
            const auto outcome = whole(get(target));
            QVERIFY2(outcome.requests.size() == 1, target);
            QCOMPARE(outcome.requests[0].request.target, std::string(path));
        }
    }

    void keepAliveFollowsTheVersionAndConnection() {
        const std::tuple<const char*, int, bool> rows[] = {
            {"GET / HTTP/1.0\r\n\r\n", 0, false},
            {"GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", 0, true},
            {"GET / HTTP/1.0\r\nConnection: foo,keep-alive\r\n\r\n", 0, true},
            {"GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n", 0, false},
            {"GET / HTTP/1.0\r\nHost: shop\r\nConnection: close\r\n\r\n", 0, false},
            {"GET / HTTP/1.1\r\nHost: shop\r\n\r\n", 1, true},
            {"GET / HTTP/1.1\r\nHost: shop\r\nConnection: keep-alive\r\n\r\n", 1, true},
            {"GET / HTTP/1.1\r\nHost: shop\r\nConnection: close\r\n\r\n", 1, false},
            {"GET / HTTP/1.1\r\nHost: shop\r\nConnection: upgrade, CLOSE\r\n\r\n", 1, false},
            {"GET / HTTP/1.1\r\nHost: shop\r\nConnection: x\r\nConnection: close\r\n\r\n", 1,
             false},
            {"GET / HTTP/1.1\r\nHost: shop\r\nConnection: closed\r\n\r\n", 1, true},
        };
        for (const auto& [bytes, minor, keepAlive] : rows) {
            const auto outcome = whole(bytes);
            QVERIFY2(outcome.requests.size() == 1, bytes);
            QCOMPARE(outcome.requests[0].request.minorVersion, minor);
            QVERIFY2(outcome.requests[0].request.keepAlive == keepAlive, bytes);
        }
    }

    void expectContinueIsAwaitedUntilTheBodyBegins() {
        RequestParser parser;
        const auto head = post("Expect: 100-continue\r\nContent-Length: 5\r\n", "");
        QCOMPARE(parser.parse(head.substr(0, head.size() - 1)), Status::NeedMore);
        QVERIFY(!parser.awaitsContinue()); // the head is not whole yet
        std::string input = head;
        QCOMPARE(parser.parse(input), Status::NeedMore);
        QVERIFY(parser.headComplete());
        QVERIFY(parser.awaitsContinue());
        input += "h";
        QCOMPARE(parser.parse(input), Status::NeedMore);
        QVERIFY(!parser.awaitsContinue()); // the client did not wait for it
        input += "ello";
        QCOMPARE(parser.parse(input), Status::Complete);
        QVERIFY(!parser.awaitsContinue());
        QCOMPARE(parser.take().request.body, std::string("hello"));
    }

    void expectContinueCases() {
        const std::pair<std::string, bool> rows[] = {
            {post("Expect: 100-continue\r\nTransfer-Encoding: chunked\r\n", ""), true},
            {post("expect: 100-Continue\r\nContent-Length: 5\r\n", ""), true},
            {post("Content-Length: 5\r\n", ""), false},
            {post("Expect: something-else\r\nContent-Length: 5\r\n", ""), false},
            {"POST /x HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n", false},
        };
        for (const auto& [bytes, awaits] : rows) {
            RequestParser parser;
            QCOMPARE(parser.parse(bytes), Status::NeedMore);
            QVERIFY2(parser.awaitsContinue() == awaits, bytes.c_str());
        }
        // Nothing to wait for when there is no body.
        RequestParser empty;
        QCOMPARE(empty.parse(post("Expect: 100-continue\r\nContent-Length: 0\r\n", "")),
                 Status::Complete);
        QVERIFY(!empty.awaitsContinue());
    }

    void acceptedStreamsAreNeverRefused() {
        for (const auto& [name, bytes] : acceptedStreams()) {
            const auto outcome = whole(bytes);
            QVERIFY2(outcome.status == Status::NeedMore, name);
            // Each stream is whole requests, perhaps followed by the start of one more.
            QVERIFY2(outcome.requests.size() + (outcome.waiting > 0) >= 1, name);
        }
    }

    void refusals_data() {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<int>("error");
        for (const auto& [name, bytes, error] : refusedStreams())
            QTest::newRow(name) << QByteArray::fromStdString(bytes) << static_cast<int>(error);
    }
    void refusals() {
        QFETCH(QByteArray, bytes);
        QFETCH(int, error);
        RequestParser parser;
        QCOMPARE(parser.parse(std::string_view(bytes.constData(), bytes.size())), Status::Failed);
        QCOMPARE(httpStatus(parser.failure().error), httpStatus(static_cast<ApiError>(error)));
        QCOMPARE(static_cast<int>(parser.failure().error), error);
        QVERIFY(!parser.failure().message.empty());
        // A refused parser stays refused.
        QCOMPARE(parser.parse(std::string_view(bytes.constData(), bytes.size())), Status::Failed);
    }

    void limitsCanBeSetLower() {
        const ParserLimits head{.maxHeadBytes = 64, .maxHeaderLines = 2, .maxBodyBytes = 4};
        const ParserLimits body{.maxHeadBytes = 1024, .maxHeaderLines = 2, .maxBodyBytes = 4};
        const std::tuple<std::string, ParserLimits, Status, ApiError> rows[] = {
            // A head of exactly 64 bytes, its final empty line included, then one more.
            {get("/", "Host: shop\r\nX: " + std::string(29, 'p') + "\r\n"),
             head,
             Status::NeedMore,
             {}},
            {get("/", "Host: shop\r\nX: " + std::string(30, 'p') + "\r\n"), head, Status::Failed,
             ApiError::HeadersTooLarge},
            {get("/", "Host: a\r\nX: 1\r\n"), head, Status::NeedMore, {}},
            {get("/", "Host: a\r\nX: 1\r\nY: 2\r\n"), head, Status::Failed,
             ApiError::HeadersTooLarge},
            {withLength("abcd"), body, Status::NeedMore, {}},
            {withLength("abcde"), body, Status::Failed, ApiError::PayloadTooLarge},
            {chunked("2\r\nab\r\n2\r\ncd\r\n0\r\n\r\n"), body, Status::NeedMore, {}},
            {chunked("2\r\nab\r\n3\r\n"), body, Status::Failed, ApiError::PayloadTooLarge},
        };
        QCOMPARE(std::get<0>(rows[0]).size(), std::size_t(64));
        for (const auto& [bytes, limits, status, error] : rows) {
            const auto outcome = whole(bytes, limits);
            QVERIFY2(outcome.status == status, bytes.c_str());
            QCOMPARE(outcome.requests.size(), std::size_t(status == Status::Failed ? 0 : 1));
            if (status == Status::Failed)
                QCOMPARE(outcome.failure.error, error);
            QCOMPARE(describe(byteByByte(bytes, limits)), describe(outcome));
        }
    }

    // The heart of it: a server reads whatever the network hands it. Byte by byte, or cut
    // anywhere, the same stream must give the same requests and end the same way.
    void incrementalFeedingAgreesWithWhole_data() {
        QTest::addColumn<QByteArray>("bytes");
        for (const auto& [name, bytes] : acceptedStreams())
            QTest::newRow(name) << QByteArray::fromStdString(bytes);
        for (const auto& [name, bytes, error] : refusedStreams())
            QTest::newRow(name) << QByteArray::fromStdString(bytes);
        // Refusals behind accepted requests, and accepted requests cut short.
        const auto accepted = acceptedStreams();
        const auto refused = refusedStreams();
        const auto before = get("/first") + withLength("hello");
        for (std::size_t i = 0; i < refused.size(); i += 4)
            QTest::addRow("two requests, then %s", refused[i].name)
                << QByteArray::fromStdString(before + refused[i].bytes);
        for (const auto& [name, bytes] : accepted)
            for (const auto fraction : {3, 2})
                QTest::addRow("%s, cut to 1/%d", name, fraction)
                    << QByteArray::fromStdString(bytes.substr(0, bytes.size() / fraction));
    }
    void incrementalFeedingAgreesWithWhole() {
        QFETCH(QByteArray, bytes);
        const std::string_view input(bytes.constData(), bytes.size());
        const auto expected = describe(whole(input));
        QCOMPARE(describe(byteByByte(input)), expected);
        std::mt19937 random(20240611);
        for (int split = 0; split < 40; ++split) {
            const auto cuts = randomCuts(input.size(), random);
            QCOMPARE(describe(feed(input, cuts)), expected);
        }
    }

    // What the server's deadlines read: when the request began, when its head was whole, and
    // how much of its body has come so far.
    void progressDuringAByteByByteFeed() {
        struct Row {
            std::string bytes;
            std::size_t leading; // empty-line bytes before the request line
            std::size_t headEnd;
        };
        const std::string lengthHead = "\r\n" + post("Content-Length: 5\r\n", "");
        const std::string chunkedHead = post("Transfer-Encoding: chunked\r\n", "");
        const Row rows[] = {
            {lengthHead + "hello", 2, lengthHead.size()},
            {chunkedHead + "2;x\r\nhi\r\n0\r\nT: 1\r\n\r\n", 0, chunkedHead.size()},
            {"\r\n\r\n" + get(), 4, get().size() + 4},
        };
        for (const auto& [bytes, leading, headEnd] : rows) {
            RequestParser parser;
            for (std::size_t n = 1; n <= bytes.size(); ++n) {
                const auto status = parser.parse(std::string_view(bytes).substr(0, n));
                const auto at = QByteArray::number(qulonglong(n));
                QVERIFY2(status == (n == bytes.size() ? Status::Complete : Status::NeedMore),
                         at.constData());
                QVERIFY2(parser.started() == (n > leading), at.constData());
                QVERIFY2(parser.headComplete() == (n >= headEnd), at.constData());
                QCOMPARE(parser.bodyBytesReceived(), n > headEnd ? n - headEnd : 0);
            }
            QCOMPARE(parser.take().bytes, bytes.size());
            QVERIFY(!parser.started());
            QCOMPARE(parser.bodyBytesReceived(), std::size_t(0));
        }
    }

    void refusalsComeAtTheByteThatDecidesThem() {
        // Each of these is refused by its last byte and not before: a server can answer at
        // once, without waiting for bytes that will never change the answer.
        const std::string rows[] = {
            "GET / HTTP/1.1\r\nHost: shop\rX",     // bare CR in the head
            "GET / HTTP/1.1\n",                    // bare LF in the head
            "\r\r",                                // bare CR before the request
            post("Content-Length: 16385\r\n", ""), // a body too large
            headOfSize(16 * 1024 + 1),             // a head too large
            chunked("5\n"),                        // bare LF after a chunk size
            chunked("5\r\nhelloX"),                // a chunk's data too long
            chunked("5\r\nhello\n"),               // ... or ending in a bare LF
            chunked("5\r\nhello\rX"),              // ... or a bare CR
        };
        for (const auto& bytes : rows) {
            RequestParser parser;
            for (std::size_t n = 1; n < bytes.size(); ++n)
                QVERIFY2(parser.parse(std::string_view(bytes).substr(0, n)) == Status::NeedMore,
                         bytes.c_str());
            QVERIFY2(parser.parse(bytes) == Status::Failed, bytes.c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestRequestParser)
#include "test_request_parser.moc"

// libFuzzer target for the front door's RequestParser. Each input is parsed twice, handed
// over whole and in pieces, taking pipelined requests one after another; both must agree, and
// whatever the parser accepts must be safe to hand to a route.
//
// Input: 4 control bytes, then the bytes of the connection. Control byte 0 picks the limits
// (low bit) and the way of splitting (the rest); bytes 1-3 seed the cut points.

#include "server/http/RequestParser.h"

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

using namespace topcoat::http;

namespace {

using Status = RequestParser::Status;

void check(bool holds, const char* what) {
    if (holds)
        return;
    std::fprintf(stderr, "request_parser_fuzz: %s\n", what);
    std::abort();
}

// Small limits let short inputs reach every limit; the defaults are what the server runs.
ParserLimits limitsFor(std::uint8_t control) {
    if (control & 1)
        return ParserLimits{.maxHeadBytes = 96, .maxHeaderLines = 4, .maxBodyBytes = 24};
    return ParserLimits{};
}

// Cut points, sorted: every byte on its own, or up to 31 cuts from a small generator.
std::vector<std::size_t> cutsFor(const std::uint8_t* control, std::size_t size) {
    std::vector<std::size_t> cuts;
    const unsigned mode = control[0] >> 1;
    if (mode == 0) {
        for (std::size_t i = 1; i < size; ++i)
            cuts.push_back(i);
        return cuts;
    }
    std::uint32_t state =
        (std::uint32_t(control[1]) << 16 | std::uint32_t(control[2]) << 8 | control[3]) *
            2654435761u +
        1;
    for (unsigned i = 0; i < mode % 32; ++i) {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        cuts.push_back(state % (size + 1));
    }
    std::sort(cuts.begin(), cuts.end());
    return cuts;
}

bool isClean(std::string_view text) {
    return text.find_first_of(std::string_view("\r\n\0", 3)) == std::string_view::npos;
}

// What a route would be handed is well formed, whatever bytes came in.
void checkRequest(const HttpRequest& request, const ParserLimits& limits) {
    check(!request.method.empty() && isClean(request.method), "a method with CR, LF or NUL");
    check(!request.target.empty() && request.target.front() == '/', "a target that is no path");
    check(request.target.find_first_of(std::string_view(" \t\r\n\0", 5)) == std::string::npos,
          "a target with a blank or control character");
    check(request.minorVersion == 0 || request.minorVersion == 1, "a version not 1.0 or 1.1");
    for (const auto& field : request.headers) {
        check(!field.name.empty() && isClean(field.name), "a field name with CR, LF or NUL");
        check(isClean(field.value), "a field value with CR, LF or NUL");
        check(field.name.find_first_of(" \t:") == std::string::npos, "a field name with a blank");
    }
    check(request.body.size() <= limits.maxBodyBytes, "a body over maxBodyBytes");
}

struct Outcome {
    std::vector<RequestParser::Parsed> requests;
    Status status = Status::NeedMore;
    ApiError error = ApiError::InvalidRequest;
    std::size_t waiting = 0;
};

// Feeds `data` up to each cut in turn, then whole, as the server does: every complete request
// is taken and its bytes removed from the front before parsing on.
Outcome feed(std::string_view data, const std::vector<std::size_t>& cuts,
             const ParserLimits& limits) {
    RequestParser parser(limits);
    Outcome outcome;
    std::string buffer;
    std::size_t received = 0;
    const auto step = [&](std::size_t upTo) {
        buffer.append(data.substr(received, upTo - received));
        received = upTo;
        while (true) {
            outcome.status = parser.parse(buffer);
            check(!parser.headComplete() || parser.started(), "a head complete but not started");
            check(parser.bodyBytesReceived() <= buffer.size(), "more body than input");
            check(!parser.awaitsContinue() ||
                      (parser.headComplete() && parser.bodyBytesReceived() == 0),
                  "100 Continue awaited outside the gap between head and body");
            // Asking again changes nothing: a parser that is done or has refused stays so.
            if (outcome.status != Status::NeedMore)
                check(parser.parse(buffer) == outcome.status, "a second call answers otherwise");
            if (outcome.status != Status::Complete)
                return;
            auto parsed = parser.take();
            check(parsed.bytes > 0, "a request of no bytes");
            check(parsed.bytes <= buffer.size(), "a request of more bytes than the input");
            checkRequest(parsed.request, limits);
            buffer.erase(0, parsed.bytes);
            outcome.requests.push_back(std::move(parsed));
        }
    };
    for (const auto cut : cuts) {
        step(cut);
        if (outcome.status == Status::Failed)
            break;
    }
    if (outcome.status != Status::Failed)
        step(data.size());
    if (outcome.status == Status::Failed) {
        check(!parser.failure().message.empty(), "a failure without a message");
        outcome.error = parser.failure().error;
        const int status = httpStatus(outcome.error);
        check(status == 400 || status == 413 || status == 431 || status == 501 || status == 505,
              "a failure answered with a status the front door does not use");
    }
    outcome.waiting = buffer.size();
    return outcome;
}

bool sameRequest(const HttpRequest& a, const HttpRequest& b) {
    if (a.method != b.method || a.target != b.target || a.minorVersion != b.minorVersion ||
        a.body != b.body || a.keepAlive != b.keepAlive || a.headers.size() != b.headers.size())
        return false;
    for (std::size_t i = 0; i < a.headers.size(); ++i)
        if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value)
            return false;
    return true;
}

void checkSame(const Outcome& whole, const Outcome& split) {
    check(whole.status == split.status, "whole and split end differently");
    check(whole.requests.size() == split.requests.size(),
          "whole and split take different numbers of requests");
    for (std::size_t i = 0; i < whole.requests.size(); ++i) {
        check(whole.requests[i].bytes == split.requests[i].bytes,
              "whole and split take requests of different sizes");
        check(sameRequest(whole.requests[i].request, split.requests[i].request),
              "whole and split parse a request differently");
    }
    if (whole.status == Status::Failed)
        check(whole.error == split.error, "whole and split fail with different errors");
    else
        check(whole.waiting == split.waiting, "whole and split leave different bytes waiting");
}

// A request as a well-behaved client would send what was parsed: it must parse back the same.
void checkReparses(const HttpRequest& request) {
    std::string bytes = request.method + " " + request.target + " HTTP/1." +
                        std::to_string(request.minorVersion) + "\r\n";
    HttpRequest expected = request;
    expected.headers.clear();
    for (const auto& field : request.headers) {
        if (equalsIgnoringCase(field.name, "Content-Length") ||
            equalsIgnoringCase(field.name, "Transfer-Encoding"))
            continue;
        bytes += field.name + ": " + field.value + "\r\n";
        expected.headers.push_back(field);
    }
    const auto length = std::to_string(request.body.size());
    bytes += "Content-Length: " + length + "\r\n\r\n" + request.body;
    expected.headers.push_back({"Content-Length", length});

    RequestParser parser(ParserLimits{
        .maxHeadBytes = 1 << 20, .maxHeaderLines = 1 << 16, .maxBodyBytes = request.body.size()});
    check(parser.parse(bytes) == Status::Complete, "a parsed request does not parse again");
    const auto again = parser.take();
    check(again.bytes == bytes.size(), "a parsed request parses again to another size");
    check(sameRequest(again.request, expected), "a parsed request parses again differently");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 4)
        return 0;
    const auto limits = limitsFor(data[0]);
    const std::string_view stream(reinterpret_cast<const char*>(data) + 4, size - 4);

    const auto whole = feed(stream, {}, limits);
    const auto split = feed(stream, cutsFor(data, stream.size()), limits);
    checkSame(whole, split);

    std::size_t taken = 0;
    for (const auto& parsed : whole.requests) {
        taken += parsed.bytes;
        checkReparses(parsed.request);
    }
    check(taken <= stream.size(), "requests of more bytes than the input");
    if (whole.status == Status::NeedMore)
        check(taken + whole.waiting == stream.size(), "bytes lost between requests");
    return 0;
}

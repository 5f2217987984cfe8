#pragma once

// A strict, incremental HTTP/1.1 request parser (RFC 9112). It is handed everything received so
// far for the current request and says whether a whole request is there, more is needed, or
// the bytes are refused, with the API error to answer. Anything ambiguous about where a request
// ends (Content-Length beside Transfer-Encoding, lengths that disagree, a coding other than
// chunked, bare CR or LF) is refused, so no byte can be read as a request it was not meant to
// be. Plain C++ with no I/O: the fuzz target drives it directly.

#include "ApiError.h"
#include "HttpExchange.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace topcoat::http {

struct ParserLimits {
    std::size_t maxHeadBytes = 16 * 1024; // request line and header fields
    std::size_t maxHeaderLines = 100;
    std::size_t maxBodyBytes = 16 * 1024;
};

struct ParseFailure {
    ApiError error = ApiError::InvalidRequest;
    std::string message;
};

class RequestParser {
public:
    enum class Status { NeedMore, Complete, Failed };

    explicit RequestParser(ParserLimits limits = {}) : limits_(limits) {}

    // `input` holds every byte received since this request began (the previous one's bytes
    // removed), growing between calls. Work done on earlier calls is not repeated.
    Status parse(std::string_view input);

    // After Complete: the request, and how many bytes of the input it took (the rest belongs
    // to the next request). Leaves the parser ready for the next request.
    struct Parsed {
        HttpRequest request;
        std::size_t bytes = 0;
    };
    Parsed take();
    // After Failed.
    const ParseFailure& failure() const { return failure_; }

    // A byte of the request itself (not an empty line before it) has arrived.
    bool started() const { return started_; }
    bool headComplete() const { return phase_ != Phase::Head && phase_ != Phase::Failed; }
    // The head asked for `100 Continue` and the body has not begun to arrive.
    bool awaitsContinue() const;
    // Bytes after the head received so far, framing included.
    std::size_t bodyBytesReceived() const;

    void reset();

private:
    enum class Phase { Head, Body, ChunkSize, ChunkData, ChunkEnd, Trailer, Done, Failed };

    Status fail(ApiError error, std::string message);
    Status scanHead(std::string_view input);
    Status readHead(std::string_view head);
    Status readFields(std::string_view fields);
    Status readBody(std::string_view input);
    Status readChunks(std::string_view input);
    // The length (without CRLF) of the CRLF-terminated line at position_, or npos when it is
    // not all there yet (`status` NeedMore) or is refused (`status` Failed: a bare CR or LF, or
    // longer than `maxLength`, answered with `tooLong`).
    std::size_t lineAt(std::string_view input, std::size_t maxLength, ApiError tooLong,
                       Status& status);

    ParserLimits limits_;
    Phase phase_ = Phase::Head;
    HttpRequest request_;
    ParseFailure failure_;
    bool started_ = false;
    bool expectContinue_ = false;
    std::size_t headStart_ = 0; // after empty lines before the request line
    std::size_t scanned_ = 0;   // input checked for the end of the head
    std::size_t lineStart_ = 0; // start of the line being scanned
    std::size_t lines_ = 0;     // complete lines of the head so far
    std::size_t headEnd_ = 0;   // just past the empty line ending the head
    std::uint64_t contentLength_ = 0;
    std::size_t position_ = 0;    // next unread byte of a chunked body
    std::uint64_t chunkLeft_ = 0; // data bytes of the current chunk not yet read
    std::size_t lineScanned_ = 0; // how far past position_ a line end was looked for
    std::size_t trailerBytes_ = 0;
    std::size_t seen_ = 0; // size of the input at the last call
    std::size_t consumed_ = 0;
};

} // namespace topcoat::http

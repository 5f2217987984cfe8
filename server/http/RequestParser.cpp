#include "RequestParser.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace topcoat::http {
namespace {

constexpr std::size_t maxChunkLineBytes = 1024;

bool isTokenByte(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != 0 && std::strchr("!#$%&'*+-.^_`|~", c) != nullptr);
}

bool isToken(std::string_view text) {
    return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
        return isTokenByte(static_cast<unsigned char>(c));
    });
}

// Field values: visible ASCII, space, tab and obs-text; never a control character.
bool isFieldValue(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) {
        const auto byte = static_cast<unsigned char>(c);
        return byte == '\t' || (byte >= 0x20 && byte != 0x7F);
    });
}

bool isTargetByte(char c) {
    const auto byte = static_cast<unsigned char>(c);
    return byte > 0x20 && byte < 0x7F;
}

bool isOws(char c) {
    return c == ' ' || c == '\t';
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && isOws(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && isOws(text.back()))
        text.remove_suffix(1);
    return text;
}

bool isDigit(char c) {
    return c >= '0' && c <= '9';
}

int hexValue(char c) {
    if (isDigit(c))
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Calls `each` with every element of a comma-separated list, blanks around it removed.
template <typename Each> void forEachListItem(std::string_view list, Each each) {
    while (true) {
        const auto comma = list.find(',');
        each(trimmed(list.substr(0, comma)));
        if (comma == std::string_view::npos)
            return;
        list.remove_prefix(comma + 1);
    }
}

bool startsWithIgnoringCase(std::string_view text, std::string_view prefix) {
    return text.size() >= prefix.size() &&
           equalsIgnoringCase(text.substr(0, prefix.size()), prefix);
}

// "http://host:8080/a?b" -> "/a?b": a server must accept the absolute form (RFC 9112, 3.2.2);
// the authority is not used to route.
std::string originForm(std::string_view target) {
    for (std::string_view scheme : {"http://", "https://"}) {
        if (!startsWithIgnoringCase(target, scheme))
            continue;
        const auto rest = target.substr(scheme.size());
        const auto pathStart = rest.find_first_of("/?");
        if (pathStart == std::string_view::npos)
            return "/";
        const auto path = rest.substr(pathStart);
        return path.front() == '?' ? "/" + std::string(path) : std::string(path);
    }
    return std::string(target);
}

// One "name: value" line of a header or trailer section; the failure message, or empty.
std::string readFieldLine(std::string_view line, HeaderField& field) {
    if (line.empty())
        return "an empty header line";
    if (isOws(line.front()))
        return "a header line starts with whitespace (obsolete line folding is not accepted)";
    const auto colon = line.find(':');
    if (colon == std::string_view::npos)
        return "a header line has no colon";
    const auto name = line.substr(0, colon);
    if (!isToken(name))
        return name.empty() || !isOws(name.back())
                   ? "a header field name has a character that is not allowed"
                   : "a header field name is followed by whitespace before its colon";
    const auto value = trimmed(line.substr(colon + 1));
    if (!isFieldValue(value))
        return "a header field value has a control character";
    field.name.assign(name);
    field.value.assign(value);
    return {};
}

} // namespace

RequestParser::Status RequestParser::fail(ApiError error, std::string message) {
    phase_ = Phase::Failed;
    failure_ = ParseFailure{error, std::move(message)};
    return Status::Failed;
}

RequestParser::Status RequestParser::parse(std::string_view input) {
    seen_ = input.size();
    switch (phase_) {
    case Phase::Head:
        return scanHead(input);
    case Phase::Body:
        return readBody(input);
    case Phase::ChunkSize:
    case Phase::ChunkData:
    case Phase::ChunkEnd:
    case Phase::Trailer:
        return readChunks(input);
    case Phase::Done:
        return Status::Complete;
    case Phase::Failed:
        return Status::Failed;
    }
    return Status::Failed;
}

RequestParser::Status RequestParser::scanHead(std::string_view input) {
    // Empty lines before the request line are skipped (RFC 9112, 2.2).
    while (!started_) {
        if (headStart_ >= input.size())
            return Status::NeedMore;
        if (input[headStart_] == '\n')
            return fail(ApiError::InvalidRequest, "lines must end in CRLF");
        if (input[headStart_] != '\r') {
            started_ = true;
            scanned_ = lineStart_ = headStart_;
            break;
        }
        if (headStart_ + 1 >= input.size())
            return Status::NeedMore;
        if (input[headStart_ + 1] != '\n')
            return fail(ApiError::InvalidRequest, "a CR is not followed by LF");
        headStart_ += 2;
        if (headStart_ > limits_.maxHeadBytes)
            return fail(ApiError::HeadersTooLarge, "too many empty lines before the request");
    }

    for (auto i = scanned_; i < input.size(); ++i) {
        const char c = input[i];
        if (i - headStart_ >= limits_.maxHeadBytes)
            return fail(ApiError::HeadersTooLarge,
                        "the request line and header fields are larger than " +
                            std::to_string(limits_.maxHeadBytes) + " bytes");
        if (i > lineStart_ && input[i - 1] == '\r' && c != '\n')
            return fail(ApiError::InvalidRequest, "a CR is not followed by LF");
        if (c != '\n')
            continue;
        if (i == lineStart_ || input[i - 1] != '\r')
            return fail(ApiError::InvalidRequest, "lines must end in CRLF");
        if (i - 1 == lineStart_) { // the empty line that ends the head
            headEnd_ = i + 1;
            if (const auto status = readHead(input.substr(headStart_, i - 1 - headStart_));
                status == Status::Failed)
                return status;
            return parse(input);
        }
        if (++lines_ > limits_.maxHeaderLines + 1) // the request line is not a header line
            return fail(ApiError::HeadersTooLarge,
                        "more than " + std::to_string(limits_.maxHeaderLines) + " header lines");
        lineStart_ = i + 1;
    }
    scanned_ = input.size();
    return Status::NeedMore;
}

RequestParser::Status RequestParser::readHead(std::string_view head) {
    const auto lineEnd = head.find("\r\n");
    const auto line = head.substr(0, lineEnd);
    const auto fields =
        lineEnd == std::string_view::npos ? std::string_view() : head.substr(lineEnd + 2);

    const auto firstSpace = line.find(' ');
    const auto secondSpace =
        firstSpace == std::string_view::npos ? firstSpace : line.find(' ', firstSpace + 1);
    if (secondSpace == std::string_view::npos)
        return fail(ApiError::InvalidRequest, "the request line must be METHOD TARGET HTTP/1.1");
    const auto method = line.substr(0, firstSpace);
    const auto target = line.substr(firstSpace + 1, secondSpace - firstSpace - 1);
    const auto version = line.substr(secondSpace + 1);
    if (!isToken(method))
        return fail(ApiError::InvalidRequest, "the method is not a token");
    if (target.empty() || !std::all_of(target.begin(), target.end(), isTargetByte))
        return fail(ApiError::InvalidRequest, "the request target has a character that is not "
                                              "allowed");
    if (version.size() != 8 || !version.starts_with("HTTP/") || !isDigit(version[5]) ||
        version[6] != '.' || !isDigit(version[7]))
        return fail(ApiError::InvalidRequest, "the request line must end in HTTP/1.1");
    if (version[5] != '1' || version[7] > '1')
        return fail(ApiError::HttpVersionNotSupported, "only HTTP/1.1 and HTTP/1.0 are served");

    request_.method.assign(method);
    request_.target = originForm(target);
    // The asterisk form (OPTIONS *) and the authority form (CONNECT) are not served.
    if (request_.target.front() != '/')
        return fail(ApiError::InvalidRequest, "the request target must be a path");
    request_.minorVersion = version[7] - '0';
    return readFields(fields);
}

RequestParser::Status RequestParser::readFields(std::string_view fields) {
    std::size_t hosts = 0;
    std::size_t transferEncodings = 0;
    std::string transferEncoding;
    bool hasLength = false;
    std::uint64_t length = 0;
    bool close = false;
    bool keepAlive = false;

    while (!fields.empty()) {
        const auto end = fields.find("\r\n");
        const auto line = fields.substr(0, end);
        fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 2);
        HeaderField field;
        if (auto problem = readFieldLine(line, field); !problem.empty())
            return fail(ApiError::InvalidRequest, std::move(problem));

        const auto& name = field.name;
        if (equalsIgnoringCase(name, "Host")) {
            ++hosts;
        } else if (equalsIgnoringCase(name, "Content-Length")) {
            bool valid = true;
            bool agrees = true;
            forEachListItem(field.value, [&](std::string_view item) {
                if (item.empty() || !std::all_of(item.begin(), item.end(), isDigit)) {
                    valid = false;
                    return;
                }
                std::uint64_t value = 0;
                for (const char digit : item) // saturates: any huge length is simply too large
                    value = value > (std::numeric_limits<std::uint64_t>::max() - 9) / 10
                                ? std::numeric_limits<std::uint64_t>::max()
                                : value * 10 + static_cast<std::uint64_t>(digit - '0');
                if (hasLength && value != length)
                    agrees = false;
                hasLength = true;
                length = value;
            });
            if (!valid)
                return fail(ApiError::InvalidRequest, "Content-Length must be decimal digits");
            if (!agrees)
                return fail(ApiError::InvalidRequest, "the Content-Length values disagree");
        } else if (equalsIgnoringCase(name, "Transfer-Encoding")) {
            ++transferEncodings;
            transferEncoding = field.value;
        } else if (equalsIgnoringCase(name, "Connection")) {
            forEachListItem(field.value, [&](std::string_view option) {
                close = close || equalsIgnoringCase(option, "close");
                keepAlive = keepAlive || equalsIgnoringCase(option, "keep-alive");
            });
        } else if (equalsIgnoringCase(name, "Expect")) {
            expectContinue_ = equalsIgnoringCase(field.value, "100-continue");
        }
        request_.headers.push_back(std::move(field));
    }

    const bool http11 = request_.minorVersion == 1;
    if (hosts > 1 || (http11 && hosts == 0))
        return fail(ApiError::InvalidRequest, "an HTTP/1.1 request needs exactly one Host field");
    request_.keepAlive = http11 ? !close : keepAlive && !close;
    // An HTTP/1.0 client may not know interim responses: its expectation is ignored (RFC 9110,
    // 10.1.1), and its body simply read.
    expectContinue_ = expectContinue_ && http11;

    if (transferEncodings > 0) {
        if (hasLength)
            return fail(ApiError::InvalidRequest,
                        "Content-Length and Transfer-Encoding must not be sent together");
        if (!http11)
            return fail(ApiError::InvalidRequest, "HTTP/1.0 has no Transfer-Encoding");
        // A list, a second line or any other coding: the only coding served is chunked alone.
        if (transferEncodings > 1 || !equalsIgnoringCase(transferEncoding, "chunked"))
            return fail(ApiError::NotImplemented, "the only Transfer-Encoding served is chunked");
        position_ = headEnd_;
        phase_ = Phase::ChunkSize;
        return Status::NeedMore;
    }
    if (length > limits_.maxBodyBytes)
        return fail(ApiError::PayloadTooLarge,
                    "the body is larger than " + std::to_string(limits_.maxBodyBytes) + " bytes");
    contentLength_ = length;
    expectContinue_ = expectContinue_ && length > 0;
    phase_ = Phase::Body;
    return Status::NeedMore;
}

RequestParser::Status RequestParser::readBody(std::string_view input) {
    if (input.size() - headEnd_ < contentLength_)
        return Status::NeedMore;
    request_.body.assign(input.substr(headEnd_, static_cast<std::size_t>(contentLength_)));
    consumed_ = headEnd_ + static_cast<std::size_t>(contentLength_);
    phase_ = Phase::Done;
    return Status::Complete;
}

std::size_t RequestParser::lineAt(std::string_view input, std::size_t maxLength, ApiError tooLong,
                                  Status& status) {
    // Byte by byte and in order, like the head: whichever fault comes first decides, however
    // the input was split across calls.
    for (auto i = position_ + lineScanned_; i < input.size(); ++i) {
        const auto length = i - position_; // of the line, were it to end here
        if (length > 0 && input[i - 1] == '\r') {
            if (input[i] != '\n') {
                status = fail(ApiError::InvalidRequest, "a CR is not followed by LF");
                return std::string_view::npos;
            }
            lineScanned_ = 0;
            return length - 1;
        }
        if (input[i] == '\n') {
            status = fail(ApiError::InvalidRequest, "lines must end in CRLF");
            return std::string_view::npos;
        }
        if (length + (input[i] == '\r' ? 0 : 1) > maxLength) {
            status = fail(tooLong, "a line of the chunked body is too long");
            return std::string_view::npos;
        }
    }
    lineScanned_ = input.size() - position_;
    status = Status::NeedMore;
    return std::string_view::npos;
}

RequestParser::Status RequestParser::readChunks(std::string_view input) {
    Status status = Status::NeedMore;
    while (true) {
        switch (phase_) {
        case Phase::ChunkSize: {
            const auto length = lineAt(input, maxChunkLineBytes, ApiError::InvalidRequest, status);
            if (length == std::string_view::npos)
                return status;
            const auto line = input.substr(position_, length);
            std::size_t digits = 0;
            std::uint64_t size = 0;
            while (digits < line.size() && hexValue(line[digits]) >= 0) {
                // Leading zeros may be any number; a size past the limit is refused before
                // it can overflow.
                if (size > limits_.maxBodyBytes ||
                    size > std::numeric_limits<std::uint64_t>::max() / 16)
                    return fail(ApiError::PayloadTooLarge, "a chunk is larger than any body "
                                                           "served");
                size = size * 16 + static_cast<std::uint64_t>(hexValue(line[digits++]));
            }
            auto extension = line.substr(digits);
            while (!extension.empty() && isOws(extension.front()))
                extension.remove_prefix(1);
            if (digits == 0 || (!extension.empty() && extension.front() != ';') ||
                !isFieldValue(extension))
                return fail(ApiError::InvalidRequest, "a chunk size must be hexadecimal digits");
            position_ += length + 2;
            if (size == 0) {
                phase_ = Phase::Trailer;
            } else if (request_.body.size() + size > limits_.maxBodyBytes) {
                return fail(ApiError::PayloadTooLarge, "the body is larger than " +
                                                           std::to_string(limits_.maxBodyBytes) +
                                                           " bytes");
            } else {
                chunkLeft_ = size;
                phase_ = Phase::ChunkData;
            }
            break;
        }
        case Phase::ChunkData: {
            const auto take = std::min<std::uint64_t>(chunkLeft_, input.size() - position_);
            request_.body.append(input.substr(position_, static_cast<std::size_t>(take)));
            position_ += static_cast<std::size_t>(take);
            chunkLeft_ -= take;
            if (chunkLeft_ > 0)
                return Status::NeedMore;
            phase_ = Phase::ChunkEnd;
            break;
        }
        case Phase::ChunkEnd: {
            // Refused at the first wrong byte: the client may send nothing after it.
            const auto end = input.substr(position_, 2);
            if (end != std::string_view("\r\n").substr(0, end.size()))
                return fail(ApiError::InvalidRequest, "a chunk's data must end in CRLF");
            if (end.size() < 2)
                return Status::NeedMore;
            position_ += 2;
            phase_ = Phase::ChunkSize;
            break;
        }
        case Phase::Trailer: {
            const auto length =
                lineAt(input, limits_.maxHeadBytes, ApiError::HeadersTooLarge, status);
            if (length == std::string_view::npos)
                return status;
            if (length == 0) {
                position_ += 2;
                consumed_ = position_;
                phase_ = Phase::Done;
                return Status::Complete;
            }
            HeaderField ignored; // trailer fields are checked, then dropped
            if (auto problem = readFieldLine(input.substr(position_, length), ignored);
                !problem.empty())
                return fail(ApiError::InvalidRequest, std::move(problem));
            trailerBytes_ += length + 2;
            if (trailerBytes_ > limits_.maxHeadBytes)
                return fail(ApiError::HeadersTooLarge, "the trailer fields are too large");
            position_ += length + 2;
            break;
        }
        case Phase::Head:
        case Phase::Body:
        case Phase::Done:
        case Phase::Failed:
            return parse(input);
        }
    }
}

bool RequestParser::awaitsContinue() const {
    return expectContinue_ && headComplete() && phase_ != Phase::Done && bodyBytesReceived() == 0;
}

std::size_t RequestParser::bodyBytesReceived() const {
    return headComplete() && seen_ > headEnd_ ? seen_ - headEnd_ : 0;
}

RequestParser::Parsed RequestParser::take() {
    Parsed parsed{std::move(request_), consumed_};
    reset();
    return parsed;
}

void RequestParser::reset() {
    *this = RequestParser(limits_);
}

} // namespace topcoat::http

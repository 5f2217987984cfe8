#include "HttpCaching.h"

#include "server/core/Blanks.h"

#include <Poco/DigestEngine.h>
#include <Poco/SHA2Engine.h>
#include <algorithm>
#include <cctype>

namespace topcoat::http {
namespace {

bool equalsIgnoringCase(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

std::string_view withoutWeakPrefix(std::string_view tag) {
    if (tag.size() >= 2 && tag[0] == 'W' && tag[1] == '/')
        tag.remove_prefix(2);
    return tag;
}

// The q value of one Accept-Encoding member's parameters (";q=0.5"); 1 when absent, 0 when
// unreadable, so a garbled member never turns compression on.
double quality(std::string_view parameters) {
    while (!parameters.empty()) {
        const auto semicolon = parameters.find(';');
        auto parameter = trimmedBlanks(parameters.substr(0, semicolon));
        parameters = semicolon == std::string_view::npos ? std::string_view()
                                                         : parameters.substr(semicolon + 1);
        if (parameter.size() < 2 || std::tolower(static_cast<unsigned char>(parameter[0])) != 'q' ||
            parameter[1] != '=')
            continue;
        parameter.remove_prefix(2);
        // qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )
        if (parameter.empty() || (parameter[0] != '0' && parameter[0] != '1'))
            return 0;
        if (parameter[0] == '1')
            return 1;
        return std::any_of(parameter.begin() + 1, parameter.end(),
                           [](char c) { return c >= '1' && c <= '9'; })
                   ? 0.5
                   : 0;
    }
    return 1;
}

} // namespace

bool etagMatches(std::string_view ifNoneMatch, std::string_view etag) {
    const auto wanted = withoutWeakPrefix(etag);
    while (!ifNoneMatch.empty()) {
        const auto comma = ifNoneMatch.find(',');
        const auto tag = trimmedBlanks(ifNoneMatch.substr(0, comma));
        if (tag == "*" || (!tag.empty() && withoutWeakPrefix(tag) == wanted))
            return true;
        ifNoneMatch =
            comma == std::string_view::npos ? std::string_view() : ifNoneMatch.substr(comma + 1);
    }
    return false;
}

std::string contentEtag(std::string_view bytes) {
    Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
    engine.update(bytes.data(), static_cast<unsigned>(bytes.size()));
    return "\"" + Poco::DigestEngine::digestToHex(engine.digest()).substr(0, 32) + "\"";
}

bool acceptsGzip(std::string_view acceptEncoding) {
    bool gzip = false;
    bool gzipListed = false;
    bool wildcard = false;
    while (!acceptEncoding.empty()) {
        const auto comma = acceptEncoding.find(',');
        const auto member = acceptEncoding.substr(0, comma);
        acceptEncoding =
            comma == std::string_view::npos ? std::string_view() : acceptEncoding.substr(comma + 1);
        const auto semicolon = member.find(';');
        const auto coding = trimmedBlanks(member.substr(0, semicolon));
        const auto q =
            semicolon == std::string_view::npos ? 1.0 : quality(member.substr(semicolon + 1));
        if (equalsIgnoringCase(coding, "gzip") || equalsIgnoringCase(coding, "x-gzip")) {
            gzipListed = true;
            gzip = gzip || q > 0;
        } else if (coding == "*") {
            wildcard = q > 0;
        }
    }
    // An explicit "gzip;q=0" wins over "*".
    return gzip || (!gzipListed && wildcard);
}

} // namespace topcoat::http

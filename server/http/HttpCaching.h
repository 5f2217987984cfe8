#pragma once

// The few pieces of HTTP caching and content negotiation the storefront needs: matching an
// If-None-Match list against an entity tag, naming content by a tag, and telling whether a
// client accepts gzip.

#include <string>
#include <string_view>

namespace topcoat::http {

// True when `ifNoneMatch` (a comma-separated list of entity tags, or "*") names `etag`,
// compared weakly as RFC 9110 asks for If-None-Match: W/"x" matches "x".
bool etagMatches(std::string_view ifNoneMatch, std::string_view etag);

// A strong entity tag naming these bytes (quoted, from their SHA-256), the same in every run.
std::string contentEtag(std::string_view bytes);

// True when `acceptEncoding` allows gzip: listed (or "*") with a non-zero quality.
bool acceptsGzip(std::string_view acceptEncoding);

} // namespace topcoat::http

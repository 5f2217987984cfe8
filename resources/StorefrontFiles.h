#pragma once

// The storefront page's files (HTML, CSS, JavaScript, icons), compiled into the binary from
// resources/storefront at build time so the server serves them without touching the disk.

#include <span>
#include <string_view>

namespace topcoat::resources {

struct EmbeddedFile {
    std::string_view path;  // relative to resources/storefront, e.g. "storefront.css"
    std::string_view bytes; // the file's exact contents
};

std::span<const EmbeddedFile> storefrontFiles();

} // namespace topcoat::resources

#include "AdminToken.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <random>
#include <stdexcept>
#include <sys/stat.h>
#include <unistd.h>

namespace topcoat {
namespace {

std::string randomToken() {
    std::random_device random;
    static constexpr char hex[] = "0123456789abcdef";
    std::string token;
    for (int i = 0; i < 8; ++i) {
        auto word = random();
        for (int nibble = 0; nibble < 8; ++nibble, word >>= 4)
            token += hex[word & 15];
    }
    return token;
}

// A token is a few dozen bytes; reading no more keeps a wrong path (a log, /dev/zero) cheap.
constexpr std::size_t maxTokenFileBytes = 4096;

// Up to `limit` + 1 bytes of the file, so a caller can tell a file over the limit.
Result<std::string, int> readPrefix(const std::filesystem::path& file, std::size_t limit) {
    const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(errno);
    std::string content(limit + 1, '\0');
    std::size_t size = 0;
    while (size < content.size()) {
        const auto got = ::read(fd, content.data() + size, content.size() - size);
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0) {
            const int error = errno;
            ::close(fd);
            return fail(error);
        }
        if (got == 0)
            break;
        size += static_cast<std::size_t>(got);
    }
    ::close(fd);
    content.resize(size);
    return content;
}

} // namespace

std::filesystem::path adminTokenPath(const std::filesystem::path& dataDir) {
    return dataDir / "admin-token";
}

Result<std::string, std::string> readAdminTokenFile(const std::filesystem::path& file) {
    const auto named = "the admin token file " + file.string();
    auto read = readPrefix(file, maxTokenFileBytes);
    if (!read)
        return fail("cannot read " + named + ": " + std::strerror(read.error()));
    auto token = std::move(read).value();
    if (token.size() > maxTokenFileBytes)
        return fail(named + " is larger than " + std::to_string(maxTokenFileBytes) +
                    " bytes; it should hold only the token");
    const auto end = token.find_last_not_of(" \t\r\n\v\f");
    token.erase(end == std::string::npos ? 0 : end + 1);
    if (token.empty())
        return fail(named + " is empty");
    // A line break or control character cannot travel in an Authorization header.
    const bool control = std::any_of(token.begin(), token.end(),
                                     [](unsigned char c) { return c < 0x20 || c == 0x7f; });
    if (control)
        return fail(named + " holds more than one line, or control characters");
    return token;
}

AdminToken loadOrCreateAdminToken(const std::filesystem::path& dataDir) {
    const auto path = adminTokenPath(dataDir);
    if (std::ifstream in(path); in) {
        std::string token;
        std::getline(in, token);
        if (!token.empty())
            return {token, false};
    }
    const auto token = randomToken();
    const auto previous = ::umask(077);
    std::ofstream out(path, std::ios::trunc);
    ::umask(previous);
    out << token << '\n';
    if (!out.flush())
        throw std::runtime_error("cannot write " + path.string());
    return {token, true};
}

bool bearerMatches(std::string_view authorization, std::string_view token) {
    constexpr std::string_view scheme = "Bearer ";
    if (authorization.size() != scheme.size() + token.size() || token.empty() ||
        !authorization.starts_with(scheme))
        return false;
    unsigned char difference = 0;
    for (std::size_t i = 0; i < token.size(); ++i)
        difference |= static_cast<unsigned char>(authorization[scheme.size() + i] ^ token[i]);
    return difference == 0;
}

} // namespace topcoat

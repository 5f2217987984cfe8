#include "AdminToken.h"

#include <array>
#include <fstream>
#include <random>
#include <stdexcept>
#include <sys/stat.h>

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

} // namespace

AdminToken loadOrCreateAdminToken(const std::filesystem::path& dataDir) {
    const auto path = dataDir / "admin-token";
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

#include "OrderIdGenerator.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <random>

namespace topcoat {

std::string RandomOrderIdGenerator::next() {
    // std::random_device reads the kernel's CSPRNG on Linux; one per thread avoids a lock.
    thread_local std::random_device random;
    static constexpr char alphabet[] = "abcdefghijkmnpqrstuvwxyz23456789";
    std::array<std::uint32_t, 4> words{};
    for (auto& word : words)
        word = random();

    // 26 characters of 5 bits each use 130 bits; the last two are zero.
    std::string id = "ord_";
    std::uint64_t buffer = 0;
    int bufferedBits = 0;
    std::size_t next = 0;
    for (int i = 0; i < 26; ++i) {
        if (bufferedBits < 5 && next < words.size()) {
            buffer = (buffer << 32) | words[next++];
            bufferedBits += 32;
        }
        const int shift = std::max(bufferedBits - 5, 0);
        id += alphabet[(buffer >> shift) & 31];
        bufferedBits = shift;
        buffer &= (std::uint64_t{1} << shift) - 1;
    }
    return id;
}

} // namespace topcoat

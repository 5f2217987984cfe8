#include "OrderIdGenerator.h"

#include <chrono>
#include <cstdint>
#include <random>

namespace topcoat {
namespace {

// In ASCII order, so ids sort by their time prefix.
constexpr char alphabet[] = "23456789abcdefghijkmnpqrstuvwxyz";

void appendBase32(std::string& out, std::uint64_t value, int characters) {
    for (int i = characters - 1; i >= 0; --i)
        out += alphabet[(value >> (5 * i)) & 31];
}

} // namespace

std::string RandomOrderIdGenerator::next() {
    // Ids start with the time in milliseconds so that new ids land at the end of the database's
    // order_id index: each group commit then touches a few index pages instead of one page per
    // order. The 80 random bits after it keep ids unguessable.
    const auto millis =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::milliseconds>(
                                       std::chrono::system_clock::now().time_since_epoch())
                                       .count());
    // std::random_device reads the kernel's CSPRNG on Linux; one per thread avoids a lock.
    thread_local std::random_device random;
    const std::uint64_t high = (std::uint64_t{random()} << 32) | random(); // 64 bits
    const std::uint64_t low = random() & 0xffff;                           // 16 bits

    std::string id = "ord_";
    id.reserve(30);
    appendBase32(id, millis, 10);                    // 50 bits of time
    appendBase32(id, high >> 4, 12);                 // 60 random bits
    appendBase32(id, ((high & 0xf) << 16) | low, 4); // the other 20
    return id;
}

} // namespace topcoat

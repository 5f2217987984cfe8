#pragma once

// Opaque, unguessable order ids: a millisecond time prefix (for index locality) and 80 bits
// from the operating system's random source.

#include <string>

namespace topcoat {

class OrderIdGenerator {
public:
    virtual ~OrderIdGenerator() = default;
    virtual std::string next() = 0;
};

class RandomOrderIdGenerator final : public OrderIdGenerator {
public:
    std::string next() override; // "ord_", 10 characters of time, 16 random; 30 in all
};

} // namespace topcoat

#pragma once

// Opaque, unguessable order ids: 128 bits from the operating system's random source.

#include <string>

namespace topcoat {

class OrderIdGenerator {
public:
    virtual ~OrderIdGenerator() = default;
    virtual std::string next() = 0;
};

class RandomOrderIdGenerator final : public OrderIdGenerator {
public:
    std::string next() override; // "ord_" followed by 26 base32 characters
};

} // namespace topcoat

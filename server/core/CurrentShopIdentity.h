#pragma once

// The shop identity in effect, shared by whoever shows it (the storefront's routes now, order
// e-mails later): readers take the current value with one atomic load, a change swaps in a new
// one.

#include "ShopIdentity.h"

#include <atomic>
#include <memory>

namespace topcoat {

class CurrentShopIdentity {
public:
    CurrentShopIdentity() : current_(std::make_shared<const ShopIdentity>()) {}

    std::shared_ptr<const ShopIdentity> get() const {
        return current_.load(std::memory_order_acquire);
    }
    void set(ShopIdentity identity) {
        current_.store(std::make_shared<const ShopIdentity>(std::move(identity)),
                       std::memory_order_release);
    }

private:
    std::atomic<std::shared_ptr<const ShopIdentity>> current_;
};

} // namespace topcoat

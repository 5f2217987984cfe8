#pragma once

// A MessageSigner for tests: not cryptography, but it gives different messages different
// signatures, which is all the waiting room relies on.

#include "server/core/MessageSigner.h"

#include <functional>
#include <string>

namespace topcoat::test {

class KeyedHashSigner final : public MessageSigner {
public:
    std::string sign(std::string_view message) const override {
        return std::to_string(std::hash<std::string>{}("test-key|" + std::string(message)));
    }
};

} // namespace topcoat::test

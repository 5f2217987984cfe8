#pragma once

// Why units were written off, as the owner gave it with the write-off and as it is stored with
// the stock movement (API.md: the restock route's `reason` and `note`).

#include <optional>
#include <string>
#include <string_view>

namespace topcoat {

enum class WriteOffReason { Damaged, Lost, Expired, Other };

struct WriteOffNote {
    WriteOffReason reason = WriteOffReason::Other;
    std::string note; // the owner's words; may be empty
};

constexpr std::string_view toString(WriteOffReason reason) {
    switch (reason) {
    case WriteOffReason::Damaged:
        return "damaged";
    case WriteOffReason::Lost:
        return "lost";
    case WriteOffReason::Expired:
        return "expired";
    case WriteOffReason::Other:
        return "other";
    }
    return "other";
}

inline std::optional<WriteOffReason> parseWriteOffReason(std::string_view text) {
    for (const auto reason : {WriteOffReason::Damaged, WriteOffReason::Lost,
                              WriteOffReason::Expired, WriteOffReason::Other})
        if (toString(reason) == text)
            return reason;
    return std::nullopt;
}

} // namespace topcoat

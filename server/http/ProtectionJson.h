#pragma once

// ProtectionSettings on the wire: the body of GET /admin/protection (also the form they are
// stored in), and the reading of a PUT body, where each field present replaces the current
// value and everything else stays. Every field is checked before anything is taken.

#include "server/core/ProtectionSettings.h"
#include "server/core/Result.h"

#include <string>

namespace topcoat::http {

std::string protectionJson(const ProtectionSettings& settings);

// `body` read over `current`; the failure is a message for the client.
Result<ProtectionSettings, std::string> mergeProtection(const std::string& body,
                                                        ProtectionSettings current);

} // namespace topcoat::http

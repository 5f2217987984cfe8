#pragma once

// A Lua script Redis runs atomically, sent by its SHA1 (EVALSHA) and by its text only when the
// server does not know it yet (a restarted Redis knows no scripts).

#include <Poco/Redis/Array.h>
#include <Poco/Redis/Client.h>
#include <string>
#include <vector>

namespace topcoat::redis {

struct Script {
    std::string name;
    std::string text;
    std::string sha1; // of text, for EVALSHA
};

Script makeScript(std::string name, std::string text);

Poco::Redis::Array evaluate(Poco::Redis::Client& client, const Script& script,
                            const std::vector<std::string>& keys,
                            const std::vector<std::string>& args);

// A reply's bulk strings, nil ones as empty strings; a nil reply as no strings.
std::vector<std::string> strings(const Poco::Redis::Array& reply);

} // namespace topcoat::redis

#include "LuaScript.h"

#include <Poco/DigestEngine.h>
#include <Poco/Redis/Command.h>
#include <Poco/Redis/Exception.h>
#include <Poco/Redis/Type.h>
#include <Poco/SHA1Engine.h>

namespace topcoat::redis {

using Poco::Redis::Array;
using Poco::Redis::BulkString;
using Poco::Redis::Command;

Script makeScript(std::string name, std::string text) {
    Script script{std::move(name), std::move(text), {}};
    Poco::SHA1Engine sha1;
    sha1.update(script.text);
    script.sha1 = Poco::DigestEngine::digestToHex(sha1.digest());
    return script;
}

Array evaluate(Poco::Redis::Client& client, const Script& script,
               const std::vector<std::string>& keys, const std::vector<std::string>& args) {
    const auto command = [&](const std::string& verb, const std::string& body) {
        Command out(verb);
        out << body << std::to_string(keys.size());
        for (const auto& key : keys)
            out << key;
        for (const auto& arg : args)
            out << arg;
        return out;
    };
    try {
        return client.execute<Array>(command("EVALSHA", script.sha1));
    } catch (const Poco::Redis::RedisException& error) {
        if (error.message().rfind("NOSCRIPT", 0) != 0)
            throw;
        return client.execute<Array>(command("EVAL", script.text));
    }
}

std::vector<std::string> strings(const Array& reply) {
    std::vector<std::string> out;
    if (reply.isNull()) // an empty array, as Poco reads it
        return out;
    for (std::size_t i = 0; i < reply.size(); ++i) {
        const auto value = reply.get<BulkString>(i);
        out.push_back(value.isNull() ? std::string() : value.value());
    }
    return out;
}

} // namespace topcoat::redis

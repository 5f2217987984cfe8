#include "CommandLine.h"

#include "AdminToken.h"

#include <charconv>

namespace topcoat {
namespace {

bool parsePort(const std::string& text, std::uint16_t& port) {
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value > 65535)
        return false;
    port = static_cast<std::uint16_t>(value);
    return true;
}

} // namespace

std::string usageText() {
    return "usage: topcoatd --data-dir DIR [--port 8080] [--admin-port 8081] "
           "[--bind 127.0.0.1]\n"
           "                [--admin-token TOKEN | --admin-token-file FILE] [--demo]\n"
           "                [--durability process|power]\n"
           "\n"
           "  --data-dir DIR      database, logs and admin token live here (created if missing);\n"
           "                      one process at a time may use it\n"
           "  --port N            storefront port (0 picks a free one)\n"
           "  --admin-port N      admin API port (0 picks a free one); not the same as --port\n"
           "  --bind ADDR         address both ports listen on\n"
           "  --admin-token TOKEN admin bearer token (default: generated once, kept in DIR)\n"
           "  --admin-token-file FILE\n"
           "                      read the admin token from FILE, so it is not visible in the\n"
           "                      process list (trailing whitespace is ignored)\n"
           "  --demo              seed a demo shop into an empty database\n"
           "  --durability MODE   process: orders survive kill -9 (default);\n"
           "                      power: orders also survive power loss (fsync per commit)\n";
}

CommandLine parseCommandLine(const std::vector<std::string>& arguments) {
    CommandLine result;
    auto& options = result.options;
    bool tokenGiven = false;
    std::optional<std::string> tokenFile;
    const auto fail = [&](std::string message) {
        if (result.error.empty())
            result.error = std::move(message);
    };

    for (std::size_t i = 0; i < arguments.size() && result.error.empty(); ++i) {
        std::string flag = arguments[i];
        std::optional<std::string> inlineValue;
        if (const auto eq = flag.find('='); flag.starts_with("--") && eq != std::string::npos) {
            inlineValue = flag.substr(eq + 1);
            flag = flag.substr(0, eq);
        }
        const auto value = [&]() -> std::optional<std::string> {
            if (inlineValue)
                return inlineValue;
            if (i + 1 < arguments.size())
                return arguments[++i];
            fail(flag + " needs a value");
            return std::nullopt;
        };

        if (flag == "--help" || flag == "-h") {
            result.help = true;
        } else if (flag == "--demo") {
            options.demo = true;
        } else if (flag == "--data-dir") {
            if (auto v = value())
                options.dataDir = *v;
        } else if (flag == "--port" || flag == "--admin-port") {
            auto& port = flag == "--port" ? options.port : options.adminPort;
            if (auto v = value(); v && !parsePort(*v, port))
                fail(flag + " must be a port number from 0 to 65535");
        } else if (flag == "--bind") {
            if (auto v = value())
                options.bind = *v;
        } else if (flag == "--admin-token") {
            if (auto v = value()) {
                if (v->empty())
                    fail("--admin-token must not be empty");
                options.adminToken = *v;
                tokenGiven = true;
            }
        } else if (flag == "--admin-token-file") {
            if (auto v = value()) {
                if (v->empty())
                    fail("--admin-token-file must not be empty");
                tokenFile = *v;
            }
        } else if (flag == "--durability") {
            if (auto v = value()) {
                if (*v == "process")
                    options.durability = db::Durability::Process;
                else if (*v == "power")
                    options.durability = db::Durability::Power;
                else
                    fail("--durability must be process or power");
            }
        } else {
            fail("unknown argument " + arguments[i]);
        }
    }
    if (!result.error.empty() || result.help)
        return result;
    if (options.dataDir.empty())
        fail("--data-dir is required");
    if (tokenGiven && tokenFile)
        fail("--admin-token and --admin-token-file cannot be used together");
    // 0 picks a free port for each, so only a fixed port can be asked for twice.
    if (options.port == options.adminPort && options.port != 0)
        fail("--port and --admin-port are both " + std::to_string(options.port) +
             "; the storefront and the admin API each need their own port");
    if (result.error.empty() && tokenFile) {
        auto token = readAdminTokenFile(*tokenFile);
        if (token)
            options.adminToken = std::move(token).value();
        else
            fail(token.error());
    }
    return result;
}

} // namespace topcoat

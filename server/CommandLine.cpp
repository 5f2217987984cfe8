#include "CommandLine.h"

#include "AdminToken.h"
#include "ConfigFile.h"
#include "db/Location.h"
#include "server/core/Blanks.h"
#include "server/mail/MailServer.h"
#include "server/mail/OrderMail.h"
#include "server/redis/RedisAddress.h"

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

// Whole seconds from 1 to `most`.
bool parseSeconds(const std::string& text, std::int64_t most, std::chrono::seconds& seconds) {
    std::int64_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || value < 1 ||
        value > most)
        return false;
    seconds = std::chrono::seconds(value);
    return true;
}

// Where the admin token comes from; a later source replaces an earlier one, so the command
// line overrides the config file, but one source may not name both.
struct TokenSource {
    bool given = false;
    std::optional<std::string> file;
};

// Applies flags to a CommandLine, from the command line or from the config file; `where`
// names the config file's line in error messages.
class FlagReader {
public:
    explicit FlagReader(CommandLine& result) : result_(result) {}

    // Flags of one source (the config file, or the command line); `token` is that source's.
    void read(const std::vector<std::string>& arguments, TokenSource& token,
              const std::string& where = {}) {
        for (std::size_t i = 0; i < arguments.size() && result_.error.empty(); ++i) {
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
                fail(flag + " needs a value", where);
                return std::nullopt;
            };
            apply(flag, value, token, where);
        }
        if (token.given && token.file)
            fail("--admin-token and --admin-token-file cannot be used together", where);
    }

    void fail(std::string message, const std::string& where = {}) {
        if (result_.error.empty())
            result_.error = where.empty() ? std::move(message) : message + " (" + where + ")";
    }

private:
    template <typename Value>
    void apply(const std::string& flag, const Value& value, TokenSource& token,
               const std::string& where) {
        auto& options = result_.options;
        if (flag == "--help" || flag == "-h") {
            result_.help = true;
        } else if (flag == "--demo") {
            options.demo = true;
        } else if (flag == "--config") {
            value(); // read before everything else (see parseCommandLine)
        } else if (flag == "--data-dir") {
            if (auto v = value())
                options.dataDir = *v;
        } else if (flag == "--port" || flag == "--admin-port") {
            auto& port = flag == "--port" ? options.port : options.adminPort;
            if (auto v = value(); v && !parsePort(*v, port))
                fail(flag + " must be a port number from 0 to 65535", where);
        } else if (flag == "--bind" || flag == "--admin-bind") {
            auto v = value();
            if (v && v->empty())
                fail(flag + " must not be empty", where);
            else if (v)
                (flag == "--bind" ? options.bind : options.adminBind) = *v;
        } else if (flag == "--trusted-proxies") {
            if (auto v = value())
                readTrustedProxies(*v, where);
        } else if (flag == "--admin-token") {
            if (auto v = value()) {
                if (v->empty())
                    fail("--admin-token must not be empty", where);
                options.adminToken = *v;
                token.given = true;
            }
        } else if (flag == "--admin-token-file") {
            if (auto v = value()) {
                if (v->empty())
                    fail("--admin-token-file must not be empty", where);
                token.file = *v;
            }
        } else if (flag == "--durability") {
            if (auto v = value()) {
                if (*v == "process")
                    options.durability = db::Durability::Process;
                else if (*v == "power")
                    options.durability = db::Durability::Power;
                else
                    fail("--durability must be process or power", where);
            }
        } else if (flag == "--inventory") {
            if (auto v = value()) {
                if (*v == "memory")
                    options.inventory.reset();
                else if (auto address = redis::parseRedisAddress(*v))
                    options.inventory = *address;
                else
                    fail("--inventory must be memory or redis://HOST:PORT", where);
            }
        } else if (flag == "--hold-grace") {
            if (auto v = value(); v && !parseSeconds(*v, 3600, options.holdGrace))
                fail("--hold-grace must be whole seconds from 1 to 3600", where);
        } else if (flag == "--orders") {
            if (auto v = value()) {
                if (*v == "sqlite")
                    options.orders.reset();
                else if (auto location = db::parsePostgresUrl(*v))
                    options.orders = *location;
                else
                    fail("--orders must be sqlite or postgresql://USER@HOST:PORT/DB", where);
            }
        } else if (flag == "--smtp") {
            if (auto v = value()) {
                auto& server = mailServer();
                if (!mail::parseMailServerUrl(*v, server))
                    fail("--smtp must be smtp://HOST[:PORT] or smtps://HOST[:PORT]", where);
            }
        } else if (flag == "--mail-from") {
            if (auto v = value()) {
                if (!mail::isMailableAddress(*v))
                    fail("--mail-from must be an e-mail address", where);
                mailServer().from = *v;
            }
        } else if (flag == "--smtp-login") {
            if (auto v = value())
                if (auto problem = mail::readMailLogin(*v, mailServer()))
                    fail(*problem, where);
        } else if (flag == "--smtp-ca") {
            if (auto v = value()) {
                if (v->empty())
                    fail("--smtp-ca must not be empty", where);
                mailServer().caFile = *v;
            }
        } else if (flag == "--copy-to") {
            if (auto v = value()) {
                if (auto location = db::parsePostgresUrl(*v))
                    result_.copyTo = *location;
                else
                    fail("--copy-to must be postgresql://USER@HOST:PORT/DB", where);
            }
        } else if (flag == "--backup") {
            if (auto v = value()) {
                if (v->empty())
                    fail("--backup must not be empty", where);
                result_.backupTo = *v;
            }
        } else {
            fail("unknown argument " + flag, where);
        }
    }

    // The mail server being described, made when its first flag is read.
    mail::MailServer& mailServer() {
        auto& mail = result_.options.mail;
        if (!mail)
            mail.emplace();
        return *mail;
    }

    // A comma-separated list of addresses or CIDR ranges; empty clears the list.
    void readTrustedProxies(const std::string& list, const std::string& where) {
        auto& proxies = result_.options.trustedProxies;
        proxies.clear();
        std::string_view rest = list;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto item = std::string(trimmedBlanks(rest.substr(0, comma)));
            rest = comma == std::string_view::npos ? std::string_view{} : rest.substr(comma + 1);
            if (item.empty())
                continue;
            const auto range = AddressRange::parse(item);
            if (!range)
                return fail("--trusted-proxies: \"" + item.substr(0, 64) +
                                "\" is not an IP address or CIDR range",
                            where);
            proxies.push_back(*range);
        }
    }

    CommandLine& result_;
};

// The --config FILE given on the command line, if any.
std::optional<std::string> configFileOf(const std::vector<std::string>& arguments) {
    std::optional<std::string> file;
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        if (arguments[i].starts_with("--config="))
            file = arguments[i].substr(9);
        else if (arguments[i] == "--config" && i + 1 < arguments.size())
            file = arguments[++i];
    }
    return file;
}

} // namespace

std::string usageText() {
    return "usage: topcoatd [--config FILE] --data-dir DIR [--port 8080] [--admin-port 8081]\n"
           "                [--bind 127.0.0.1] [--admin-bind 127.0.0.1] [--trusted-proxies LIST]\n"
           "                [--admin-token TOKEN | --admin-token-file FILE] [--demo]\n"
           "                [--durability process|power] [--inventory memory|redis://HOST:PORT]\n"
           "                [--hold-grace 60] [--orders sqlite|postgresql://USER@HOST:PORT/DB]\n"
           "                [--smtp smtp://HOST:PORT --mail-from ADDRESS [--smtp-login FILE]\n"
           "                 [--smtp-ca FILE]]\n"
           "                [--backup FILE] [--copy-to postgresql://USER@HOST:PORT/DB]\n"
           "\n"
           "  --config FILE       read flags from FILE first, one `name = value` per line\n"
           "                      (e.g. `admin-port = 8081`); the command line wins\n"
           "  --data-dir DIR      database, logs and admin token live here (created if missing);\n"
           "                      one process at a time may use it\n"
           "  --port N            storefront port (0 picks a free one)\n"
           "  --admin-port N      admin API port (0 picks a free one); not the same as --port\n"
           "  --bind ADDR         address the storefront listens on (0.0.0.0: every interface)\n"
           "  --admin-bind ADDR   address the admin API listens on; keep it private: the token\n"
           "                      travels in clear text over plain HTTP\n"
           "  --trusted-proxies LIST\n"
           "                      comma-separated addresses or CIDR ranges of the reverse proxies\n"
           "                      in front (e.g. 127.0.0.1,::1 for nginx on this machine); their\n"
           "                      X-Forwarded-For names the customer\n"
           "  --admin-token TOKEN admin bearer token (default: generated once, kept in DIR)\n"
           "  --admin-token-file FILE\n"
           "                      read the admin token from FILE, so it is not visible in the\n"
           "                      process list (trailing whitespace is ignored)\n"
           "  --demo              seed a demo shop into an empty database\n"
           "  --durability MODE   process: orders survive kill -9 (default);\n"
           "                      power: orders also survive power loss (fsync per commit)\n"
           "  --inventory WHERE   memory: stock in this process (default); redis://HOST:PORT:\n"
           "                      stock, per-customer counts and reservations in that Redis,\n"
           "                      rebuilt from the orders when Redis lost them\n"
           "  --hold-grace S      with stock in Redis: a reservation still open after S seconds\n"
           "                      (default 60) is settled from the orders: its node stopped\n"
           "  --orders WHERE      sqlite: orders, catalog and settings in DIR (default);\n"
           "                      postgresql://USER@HOST:PORT/DB: in that PostgreSQL database,\n"
           "                      shared by every node of the shop (password from PGPASSWORD\n"
           "                      or ~/.pgpass); several nodes also need --inventory redis://\n"
           "  --smtp URL          send order e-mails to customers through this mail server:\n"
           "                      smtp://HOST[:PORT] (25; STARTTLS whenever offered) or\n"
           "                      smtps://HOST[:PORT] (465; TLS from the start)\n"
           "  --mail-from ADDRESS the address order e-mails come from (needed with --smtp)\n"
           "  --smtp-login FILE   the mail server's user name (first line) and password\n"
           "                      (second line); sent only over TLS\n"
           "  --smtp-ca FILE      check the mail server's certificate against FILE's instead of\n"
           "                      the system's (a private mail server)\n"
           "  --backup FILE       write a consistent copy of DIR's database to FILE and exit;\n"
           "                      safe while another topcoatd serves from DIR\n"
           "  --copy-to URL       copy DIR's shop (catalog, sales, orders, settings) into an\n"
           "                      empty PostgreSQL database and exit; the shop must be stopped\n";
}

CommandLine parseCommandLine(const std::vector<std::string>& arguments) {
    CommandLine result;
    FlagReader reader(result);
    TokenSource configToken;
    TokenSource commandLineToken;

    if (const auto file = configFileOf(arguments)) {
        const auto named = "the config file " + *file;
        if (file->empty())
            reader.fail("--config must not be empty");
        else if (auto entries = readConfigFile(*file); !entries)
            reader.fail(entries.error());
        else
            for (const auto& entry : *entries) {
                const auto where = named + " line " + std::to_string(entry.line);
                if (entry.name == "config" || entry.name == "backup" || entry.name == "help" ||
                    entry.name == "copy-to")
                    reader.fail(entry.name + " cannot be set in a config file", where);
                else if (entry.name == "demo" && entry.value != "true" && entry.value != "false")
                    reader.fail("demo must be true or false", where);
                else if (entry.name == "demo")
                    result.options.demo = entry.value == "true";
                else
                    reader.read({"--" + entry.name + "=" + entry.value}, configToken, where);
            }
    }
    if (result.error.empty())
        reader.read(arguments, commandLineToken);
    if (!result.error.empty() || result.help)
        return result;

    auto& options = result.options;
    if (options.dataDir.empty())
        reader.fail("--data-dir is required");
    if (result.backupTo && options.orders)
        reader.fail("--backup copies DIR's SQLite database; back up PostgreSQL with pg_dump");
    if (result.copyTo && options.orders)
        reader.fail("--copy-to copies DIR's SQLite database; orders are already in " +
                    options.orders->text());
    if (options.mail && options.mail->host.empty())
        reader.fail("--mail-from, --smtp-login and --smtp-ca need --smtp");
    else if (options.mail && options.mail->from.empty())
        reader.fail("--smtp needs --mail-from: the address order e-mails are sent from");
    if (result.copyTo && result.backupTo)
        reader.fail("--copy-to and --backup cannot be used together");
    // 0 picks a free port for each, so only a fixed port can be asked for twice.
    if (options.port == options.adminPort && options.port != 0)
        reader.fail("--port and --admin-port are both " + std::to_string(options.port) +
                    "; the storefront and the admin API each need their own port");
    // The command line's token source replaces the config file's.
    const auto& token =
        commandLineToken.given || commandLineToken.file ? commandLineToken : configToken;
    if (result.error.empty() && token.file) {
        auto read = readAdminTokenFile(*token.file);
        if (read)
            options.adminToken = std::move(read).value();
        else
            reader.fail(read.error());
    }
    return result;
}

} // namespace topcoat

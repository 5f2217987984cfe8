#include "ConfigFile.h"

#include "server/core/Blanks.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace topcoat {
namespace {

// A configuration is a dozen short lines; a larger file is the wrong file.
constexpr std::streamoff maxConfigBytes = 64 * 1024;

std::string trimmed(std::string_view text) {
    if (text.ends_with('\r')) // a file written on Windows
        text.remove_suffix(1);
    return std::string(trimmedBlanks(text));
}

bool isFlagName(const std::string& name) {
    if (name.empty() || name.front() == '-')
        return false;
    for (const char c : name)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    return true;
}

} // namespace

Result<std::vector<ConfigEntry>, std::string> readConfigFile(const std::filesystem::path& file) {
    const auto named = "the config file " + file.string();
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return fail("cannot read " + named + ": " + std::strerror(errno));
    in.seekg(0, std::ios::end);
    if (in.tellg() > maxConfigBytes)
        return fail(named + " is larger than 64 KiB");
    in.seekg(0);

    std::vector<ConfigEntry> entries;
    std::string text;
    for (int line = 1; std::getline(in, text); ++line) {
        text = trimmed(text);
        if (text.empty() || text.front() == '#')
            continue;
        const auto where = named + " line " + std::to_string(line);
        const auto equals = text.find('=');
        if (equals == std::string::npos)
            return fail(where + " is not `name = value`");
        ConfigEntry entry{line, trimmed(text.substr(0, equals)), trimmed(text.substr(equals + 1))};
        if (!isFlagName(entry.name))
            return fail(where + ": \"" + entry.name.substr(0, 64) + "\" is not a flag name");
        entries.push_back(std::move(entry));
    }
    if (in.bad())
        return fail("cannot read " + named + ": " + std::strerror(errno));
    return entries;
}

} // namespace topcoat

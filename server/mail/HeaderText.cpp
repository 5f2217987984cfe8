#include "HeaderText.h"

#include <Poco/Base64Encoder.h>
#include <algorithm>
#include <sstream>

namespace topcoat::mail {
namespace {

// 45 bytes make 60 base64 characters: with "=?UTF-8?B?" and "?=" a word of 72.
constexpr std::size_t bytesPerWord = 45;

bool isContinuationByte(unsigned char c) {
    return (c & 0xC0) == 0x80;
}

std::string base64(std::string_view bytes) {
    std::ostringstream out;
    Poco::Base64Encoder encoder(out);
    encoder.rdbuf()->setLineLength(0);
    encoder.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    encoder.close();
    return out.str();
}

} // namespace

std::string headerText(std::string_view utf8) {
    if (std::all_of(utf8.begin(), utf8.end(),
                    [](unsigned char c) { return c >= 0x20 && c < 0x7f; }))
        return std::string(utf8);
    std::string encoded;
    while (!utf8.empty()) {
        auto take = std::min(bytesPerWord, utf8.size());
        while (take < utf8.size() && take > 0 && isContinuationByte(utf8[take]))
            --take; // end the word before a character's continuation bytes
        if (!encoded.empty())
            encoded += "\r\n "; // folded: the blank between two words is not part of the text
        encoded += "=?UTF-8?B?" + base64(utf8.substr(0, take)) + "?=";
        utf8.remove_prefix(take);
    }
    return encoded;
}

} // namespace topcoat::mail

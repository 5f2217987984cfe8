#pragma once

// Text for a mail header (a subject, a sender's name): printable ASCII as it is, anything else
// as RFC 2047 encoded words ("=?UTF-8?B?...?="), each at most 75 characters and never splitting
// a UTF-8 sequence, folded onto continuation lines. (Poco's MailMessage::encodeWord leaves a
// folded blank at the end, which readers show as a trailing space.)

#include <string>
#include <string_view>

namespace topcoat::mail {

std::string headerText(std::string_view utf8);

} // namespace topcoat::mail

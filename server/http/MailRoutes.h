#pragma once

// The order e-mails for the owner: GET /admin/mail (whether mail is sent, from where, and the
// templates), PUT and DELETE /admin/mail/templates/{kind} (edit one, or put the default back),
// and POST /admin/mail/test (send one kind to an address now, filled with a sample order).

#include "Router.h"
#include "ServerFacts.h"
#include "server/core/Catalog.h"
#include "server/mail/MailTemplates.h"
#include "server/outbox/EmailChannel.h"

#include <functional>
#include <mutex>

namespace topcoat::http {

class MailRoutes {
public:
    using ReadTemplates = std::function<mail::MailTemplates()>;

    // `email` is null when no mail server is configured (--smtp).
    MailRoutes(const Clock& clock, const Catalog& catalog, const outbox::EmailChannel* email,
               ReadTemplates read, SaveSetting save)
        : clock_(clock), catalog_(catalog), email_(email), read_(std::move(read)),
          save_(std::move(save)) {}

    HttpResponse current(const HttpRequest& request) const;
    HttpResponse change(const HttpRequest& request);
    HttpResponse reset(const HttpRequest& request);
    HttpResponse sendTest(const HttpRequest& request) const;

    static constexpr std::size_t maxSubjectBytes = 200;

private:
    HttpResponse answer(const mail::MailTemplates& templates) const;

    const Clock& clock_;
    const Catalog& catalog_;
    const outbox::EmailChannel* email_;
    ReadTemplates read_;
    SaveSetting save_;
    std::mutex changing_; // one read-modify-write of the templates at a time
};

} // namespace topcoat::http

// Outgoing mail over SMTP (libcurl): the voters' email verification links.
#pragma once

#include <string>

#include "core/result.h"

namespace wsis::prizes {

struct MailSettings {
  std::string smtp_url;    // smtp://host:port or smtps://...; empty: mail is not configured
  std::string from;        // envelope and header sender
  std::string public_url;  // base of links in mails, e.g. https://hub.example.org
};

// Sends one plain-text UTF-8 message; blocks until the server accepted it (or 15 s). Errors:
// busy (503) when no SMTP server is configured or it refused or did not answer.
Result<void> send_mail(const MailSettings& settings, const std::string& to, const std::string& subject,
                       const std::string& body);

}  // namespace wsis::prizes

// Settings of the `wsis` commands: flags, with environment variables as defaults.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wsis::app {

struct ServeConfig {
  std::string listen = "127.0.0.1:8080";  // WSIS_LISTEN
  std::string data_dir = "wsis-data";     // WSIS_DATA_DIR
  std::string web_root;                    // WSIS_WEB_ROOT; default: web/dist beside the binary's source
  unsigned threads = 0;                    // 0: one per core
  std::size_t body_limit = 1u << 20;
  std::size_t header_limit = 16u << 10;
  unsigned read_timeout_seconds = 30;
  unsigned idle_timeout_seconds = 60;
  std::string log_level = "info";          // WSIS_LOG_LEVEL
  bool access_log = true;
  std::string port_file;                   // where to write the bound port (tests, port 0)
  bool secure_cookies = false;             // set Secure on cookies (behind HTTPS)
  // Reverse proxies (addresses or CIDR ranges) whose X-Forwarded-For names the client; none:
  // the header is ignored and the socket's peer is the client (src/http/client_address.h).
  std::vector<std::string> trusted_proxies;  // WSIS_TRUSTED_PROXIES, comma-separated
  // Outgoing mail (voters' email verification): an smtp:// or smtps:// URL, the sender, and
  // the public address links in mails point to. No SMTP URL: verification mails are refused.
  std::string smtp_url;                    // WSIS_SMTP_URL
  std::string mail_from = "noreply@wsis-hub.invalid";  // WSIS_MAIL_FROM
  std::string public_url = "http://127.0.0.1:8080";    // WSIS_PUBLIC_URL
};

// "HOST:PORT" or "[v6]:PORT"; false if malformed.
bool split_listen(const std::string& listen, std::string& host, std::uint16_t& port);

}  // namespace wsis::app

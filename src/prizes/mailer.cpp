#include "prizes/mailer.h"

#include <curl/curl.h>

#include <cstring>
#include <mutex>

namespace wsis::prizes {

namespace {

struct Upload {
  std::string data;
  std::size_t offset = 0;
};

std::size_t read_upload(char* buffer, std::size_t size, std::size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  std::size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// Header values come from our own settings and the account's email (validated at
// registration); CR and LF are dropped all the same so that nothing can add a header.
std::string header_safe(std::string value) {
  std::erase_if(value, [](char c) { return c == '\r' || c == '\n'; });
  return value;
}

}  // namespace

Result<void> send_mail(const MailSettings& settings, const std::string& to, const std::string& subject,
                       const std::string& body) {
  if (settings.smtp_url.empty()) return make_error(ErrorCode::busy, "no SMTP server is configured");
  static std::once_flag global;
  std::call_once(global, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  Upload upload;
  upload.data = "From: " + header_safe(settings.from) + "\r\nTo: " + header_safe(to) +
                "\r\nSubject: " + header_safe(subject) +
                "\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n"
                "Content-Transfer-Encoding: 8bit\r\n\r\n" + body + "\r\n";
  CURL* curl = curl_easy_init();
  if (!curl) return make_error(ErrorCode::internal, "curl_easy_init failed");
  curl_slist* recipients = curl_slist_append(nullptr, ("<" + header_safe(to) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_URL, settings.smtp_url.c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_FROM, ("<" + header_safe(settings.from) + ">").c_str());
  curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
  curl_easy_setopt(curl, CURLOPT_READFUNCTION, read_upload);
  curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
  curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT, 15L);
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  CURLcode code = curl_easy_perform(curl);
  curl_slist_free_all(recipients);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK) {
    Error error = make_error(ErrorCode::busy, std::string("sending mail failed: ") + curl_easy_strerror(code));
    error.retry_after_seconds = 60;
    return error;
  }
  return Ok{};
}

}  // namespace wsis::prizes

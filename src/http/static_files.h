// The built front end (web/dist), read into memory at start-up with gzip forms and ETags made
// once. Vite's hashed assets (assets/*) get a year of immutable caching; index.html is
// revalidated every time so a deploy shows at once.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <unordered_map>

#include "http/message.h"

namespace wsis::http {

class StaticFiles {
 public:
  // Loads every regular file under `root` (nothing if it does not exist). Files over
  // `max_file_bytes` are skipped with a warning.
  static std::shared_ptr<StaticFiles> load(const std::string& root, std::size_t max_file_bytes = 32u << 20);

  // The response for a GET/HEAD of `path` ("/assets/app-1234.js"), or nothing. Paths with no
  // file extension fall back to /index.html so that client-side routes (/ar/entries/12) load
  // the app.
  std::optional<Response> serve(std::string_view path) const;

  std::size_t size() const { return files_.size(); }

 private:
  struct File {
    std::shared_ptr<const PreparedBody> body;
    std::string cache_control;
  };
  std::unordered_map<std::string, File> files_;
};

std::string_view content_type_for(std::string_view path);

}  // namespace wsis::http

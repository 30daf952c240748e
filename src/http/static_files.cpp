#include "http/static_files.h"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <sstream>

namespace wsis::http {

std::string_view content_type_for(std::string_view path) {
  struct Type {
    std::string_view extension;
    std::string_view type;
  };
  static constexpr Type kTypes[] = {
      {".html", "text/html; charset=utf-8"}, {".js", "application/javascript; charset=utf-8"},
      {".mjs", "application/javascript; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
      {".json", "application/json"}, {".svg", "image/svg+xml"}, {".png", "image/png"},
      {".jpg", "image/jpeg"}, {".webp", "image/webp"}, {".ico", "image/x-icon"},
      {".woff2", "font/woff2"}, {".woff", "font/woff"}, {".ttf", "font/ttf"}, {".txt", "text/plain; charset=utf-8"},
      {".yaml", "application/yaml"}, {".webmanifest", "application/manifest+json"}, {".map", "application/json"},
      {".xml", "application/xml"}, {".pdf", "application/pdf"}, {".py", "text/x-python; charset=utf-8"},
  };
  for (const auto& t : kTypes)
    if (path.ends_with(t.extension)) return t.type;
  return "application/octet-stream";
}

std::shared_ptr<StaticFiles> StaticFiles::load(const std::string& root, std::size_t max_file_bytes) {
  auto files = std::make_shared<StaticFiles>();
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(root, ec)) return files;
  for (auto it = fs::recursive_directory_iterator(root, ec); !ec && it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    if (it->file_size(ec) > max_file_bytes) {
      spdlog::warn("static file too large, not served: {}", it->path().string());
      continue;
    }
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    std::string relative = "/" + fs::relative(it->path(), root, ec).generic_string();
    File file;
    file.body = prepare_body(std::string(content_type_for(relative)), content.str());
    file.cache_control = relative.starts_with("/assets/") ? "public, max-age=31536000, immutable" : "no-cache";
    files->files_.emplace(std::move(relative), std::move(file));
  }
  return files;
}

std::optional<Response> StaticFiles::serve(std::string_view path) const {
  std::string key = path == "/" ? "/index.html" : std::string(path);
  auto it = files_.find(key);
  if (it == files_.end()) {
    auto last_slash = key.rfind('/');
    bool has_extension = key.find('.', last_slash) != std::string::npos;
    if (has_extension) return std::nullopt;
    it = files_.find("/index.html");
    if (it == files_.end()) return std::nullopt;
  }
  Response response;
  response.prepared = it->second.body;
  response.set_header("cache-control", it->second.cache_control);
  return response;
}

}  // namespace wsis::http

// Localized messages for the server (problem titles and details, field errors), read from
// data/messages/*.json: { "key": { "ar": "...", "en": "...", ... } } in ICU MessageFormat.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

namespace wsis {

class Messages {
 public:
  // Loads every embedded data/messages/*.json. Throws at start-up if a file is malformed:
  // the binary must not run with broken translations.
  static const Messages& instance();

  // Formats `key` in `lang` with `args`. A missing key yields the key itself (and is caught by
  // the completeness test), a missing language falls back to English.
  std::string format(std::string_view lang, std::string_view key, const MessageArgs& args = {}) const;

  bool has(std::string_view key) const;

 private:
  Messages();
  // key -> six patterns in the order of kLanguages
  std::unordered_map<std::string, std::array<std::string, 6>> patterns_;
};

}  // namespace wsis

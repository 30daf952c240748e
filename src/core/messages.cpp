#include "core/messages.h"

#include <unicode/locid.h>
#include <unicode/msgfmt.h>
#include <unicode/unistr.h>

#include <boost/json.hpp>
#include <stdexcept>

#include "core/language.h"
#include "core/resources.h"

namespace wsis {

Messages::Messages() {
  for (auto path : resources_under("data/messages/")) {
    auto text = resource(path);
    boost::system::error_code ec;
    auto doc = boost::json::parse(*text, ec);
    if (ec || !doc.is_object()) throw std::runtime_error("malformed messages file: " + std::string(path));
    for (const auto& [key, value] : doc.as_object()) {
      if (!value.is_object()) throw std::runtime_error("malformed message: " + std::string(key));
      std::array<std::string, 6> forms;
      for (std::size_t i = 0; i < kLanguages.size(); ++i) {
        if (const auto* p = value.as_object().if_contains(kLanguages[i]); p && p->is_string())
          forms[i] = std::string(p->as_string());
      }
      patterns_[std::string(key)] = std::move(forms);
    }
  }
}

const Messages& Messages::instance() {
  static const Messages messages;
  return messages;
}

bool Messages::has(std::string_view key) const { return patterns_.count(std::string(key)) > 0; }

std::string Messages::format(std::string_view lang, std::string_view key, const MessageArgs& args) const {
  auto it = patterns_.find(std::string(key));
  if (it == patterns_.end()) return std::string(key);
  std::size_t index = language_index(lang);
  const std::string* pattern = &it->second[index];
  if (pattern->empty()) {
    index = language_index(kDefaultLanguage);
    pattern = &it->second[index];
  }
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale(std::string(kLanguages[index]).c_str());
  // Formatted per call: only error answers use this, and a fresh MessageFormat avoids any
  // question of ICU formatter thread safety.
  icu::MessageFormat format(icu::UnicodeString::fromUTF8(*pattern), locale, status);
  if (U_FAILURE(status)) return *pattern;
  std::vector<icu::UnicodeString> names;
  std::vector<icu::Formattable> values;
  names.reserve(args.size());
  values.reserve(args.size());
  for (const auto& arg : args) {
    names.emplace_back(icu::UnicodeString::fromUTF8(arg.name));
    if (std::holds_alternative<std::int64_t>(arg.value))
      values.emplace_back(static_cast<int64_t>(std::get<std::int64_t>(arg.value)));
    else
      values.emplace_back(icu::UnicodeString::fromUTF8(std::get<std::string>(arg.value)));
  }
  icu::UnicodeString out;
  format.format(names.data(), values.data(), static_cast<int32_t>(values.size()), out, status);
  if (U_FAILURE(status)) return *pattern;
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace wsis

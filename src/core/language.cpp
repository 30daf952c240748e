#include "core/language.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace wsis {

bool is_supported_language(std::string_view tag) {
  return std::find(kLanguages.begin(), kLanguages.end(), tag) != kLanguages.end();
}

std::size_t language_index(std::string_view tag) {
  auto it = std::find(kLanguages.begin(), kLanguages.end(), tag);
  if (it == kLanguages.end()) it = std::find(kLanguages.begin(), kLanguages.end(), kDefaultLanguage);
  return static_cast<std::size_t>(it - kLanguages.begin());
}

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

// Thousandths, as RFC 9110 allows at most three decimals.
int parse_quality(std::string_view params) {
  int q = 1000;
  while (!params.empty()) {
    auto semi = params.find(';');
    auto param = trim(params.substr(0, semi));
    params = semi == std::string_view::npos ? std::string_view{} : params.substr(semi + 1);
    if (param.size() < 2 || (param[0] != 'q' && param[0] != 'Q') || param[1] != '=') continue;
    auto value = param.substr(2);
    if (value.empty() || (value[0] != '0' && value[0] != '1')) return 0;
    q = (value[0] - '0') * 1000;
    if (value.size() > 1 && value[1] == '.') {
      int scale = 100;
      for (std::size_t i = 2; i < value.size() && i < 5; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(value[i]))) break;
        q += (value[i] - '0') * scale;
        scale /= 10;
      }
    }
    q = std::min(q, 1000);
  }
  return q;
}

std::string_view negotiate_language(std::string_view header) {
  std::string_view best = kDefaultLanguage;
  int best_q = 0;
  // Limit the work an attacker can cause with a huge header: 64 ranges are plenty.
  for (int ranges = 0; !header.empty() && ranges < 64; ++ranges) {
    auto comma = header.find(',');
    auto item = trim(header.substr(0, comma));
    header = comma == std::string_view::npos ? std::string_view{} : header.substr(comma + 1);
    auto semi = item.find(';');
    auto range = trim(item.substr(0, semi));
    int q = semi == std::string_view::npos ? 1000 : parse_quality(item.substr(semi + 1));
    if (q <= best_q) continue;
    auto dash = range.find('-');
    auto primary = range.substr(0, dash);
    if (primary.size() != 2) continue;
    char lower[2] = {static_cast<char>(std::tolower(static_cast<unsigned char>(primary[0]))),
                     static_cast<char>(std::tolower(static_cast<unsigned char>(primary[1])))};
    for (auto tag : kLanguages) {
      if (tag[0] == lower[0] && tag[1] == lower[1]) {
        best = tag;
        best_q = q;
        break;
      }
    }
  }
  return best;
}

}  // namespace wsis

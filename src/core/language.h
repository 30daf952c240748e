// The six UN languages as BCP 47 tags, and negotiation from Accept-Language.
#pragma once

#include <array>
#include <string_view>

namespace wsis {

inline constexpr std::array<std::string_view, 6> kLanguages = {"ar", "en", "es", "fr", "ru", "zh"};
inline constexpr std::string_view kDefaultLanguage = "en";

// True for exactly one of the six tags (lower case, no region).
bool is_supported_language(std::string_view tag);

// Picks the best of the six languages for an Accept-Language header value (RFC 9110 q-values;
// "fr-CH" matches "fr", "zh-Hans-CN" matches "zh"). Falls back to English. Never fails: a
// malformed header is read as far as it makes sense.
std::string_view negotiate_language(std::string_view accept_language);

// The q-value (RFC 9110 12.4.2) in the parameters of one item of an Accept-* header
// ("q=0.8;x=y"), in thousandths: 1000 when absent, 0 when refused or malformed.
int parse_quality(std::string_view params);

// Index of a supported tag in kLanguages, or the index of English.
std::size_t language_index(std::string_view tag);

}  // namespace wsis

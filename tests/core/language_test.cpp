#include "core/language.h"

#include <gtest/gtest.h>

namespace wsis {

TEST(NegotiateLanguage, PicksHighestQualitySupportedLanguage) {
  EXPECT_EQ(negotiate_language("de-DE, fr;q=0.8, ar;q=0.9"), "ar");
  EXPECT_EQ(negotiate_language("zh-Hans-CN"), "zh");
  EXPECT_EQ(negotiate_language("ES-419"), "es");
  EXPECT_EQ(negotiate_language("ru;q=0.1, en;q=0.05"), "ru");
}

TEST(NegotiateLanguage, FallsBackToEnglish) {
  EXPECT_EQ(negotiate_language(""), "en");
  EXPECT_EQ(negotiate_language("de, ja"), "en");
  EXPECT_EQ(negotiate_language("fr;q=0"), "en");
  EXPECT_EQ(negotiate_language(";;;,,,q=="), "en");
}

TEST(NegotiateLanguage, BoundedWorkOnHugeHeaders) {
  std::string header;
  for (int i = 0; i < 10000; ++i) header += "xx;q=0.5,";
  header += "ar";
  // Only the first 64 ranges are read: a huge header cannot make negotiation expensive.
  EXPECT_EQ(negotiate_language(header), "en");
}

}  // namespace wsis

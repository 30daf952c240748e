// http/pagination.h: cursors and ?cursor=&limit= parsing. (It lives in src/http but is owned
// by the accounts work; it can move to tests/http.)
#include "http/pagination.h"

#include <gtest/gtest.h>

namespace wsis::http {
namespace {

Request with_query(std::vector<std::pair<std::string, std::string>> query) {
  Request request;
  request.query = std::move(query);
  return request;
}

std::vector<std::string> codes(const Error& error) {
  std::vector<std::string> out;
  for (const auto& f : error.fields) out.push_back(f.field + ":" + f.code);
  return out;
}

TEST(accounts_pagination, DefaultsWithoutParameters) {
  auto page = parse_page(with_query({}));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->limit, 20);
  EXPECT_TRUE(page->after.empty());
  auto id = page->after_id();
  ASSERT_TRUE(id.ok());
  EXPECT_FALSE(id->has_value());
}

TEST(accounts_pagination, IdCursorRoundTrip) {
  std::string cursor = encode_id_cursor(12345);
  EXPECT_EQ(cursor.find('='), std::string::npos);  // unpadded
  EXPECT_EQ(cursor.find('+'), std::string::npos);
  EXPECT_EQ(cursor.find('/'), std::string::npos);
  auto page = parse_page(with_query({{"cursor", cursor}, {"limit", "100"}}));
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->limit, 100);
  auto id = page->after_id();
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(id->value(), 12345);
}

TEST(accounts_pagination, ObjectCursorRoundTrip) {
  std::string cursor = encode_object_cursor({{"name", "Zoë <&>"}, {"id", 7}});
  auto page = parse_page(with_query({{"cursor", cursor}}));
  ASSERT_TRUE(page.ok());
  auto object = page->after_object();
  ASSERT_TRUE(object.ok());
  ASSERT_TRUE(object->has_value());
  EXPECT_EQ((**object).at("name"), "Zoë <&>");
  EXPECT_EQ((**object).at("id"), 7);
  // An object cursor is not an id cursor.
  auto id = page->after_id();
  ASSERT_FALSE(id.ok());
  EXPECT_EQ(id.error().code, ErrorCode::invalid_query);
  EXPECT_EQ(codes(id.error()), std::vector<std::string>{"cursor:invalid_cursor"});
}

TEST(accounts_pagination, BadCursorsAndLimitsAreFieldErrors) {
  struct Case {
    std::vector<std::pair<std::string, std::string>> query;
    std::vector<std::string> expected;
  };
  const Case cases[] = {
      {{{"cursor", "not base64!"}}, {"cursor:invalid_cursor"}},
      {{{"cursor", "QUJD="}}, {"cursor:invalid_cursor"}},  // padded: not ours
      {{{"cursor", std::string(600, 'A')}}, {"cursor:invalid_cursor"}},
      {{{"limit", "0"}}, {"limit:out_of_range"}},
      {{{"limit", "101"}}, {"limit:out_of_range"}},
      {{{"limit", "-5"}}, {"limit:out_of_range"}},
      {{{"limit", "99999999999999999999999"}}, {"limit:out_of_range"}},
      {{{"limit", "ten"}}, {"limit:expected_integer"}},
      {{{"limit", "5x"}}, {"limit:expected_integer"}},
      {{{"limit", ""}}, {"limit:expected_integer"}},
      {{{"cursor", "%%%"}, {"limit", "1000"}}, {"cursor:invalid_cursor", "limit:out_of_range"}},
  };
  for (const auto& c : cases) {
    auto page = parse_page(with_query(c.query));
    ASSERT_FALSE(page.ok()) << c.query[0].first << "=" << c.query[0].second;
    EXPECT_EQ(page.error().code, ErrorCode::invalid_query);
    EXPECT_EQ(codes(page.error()), c.expected) << c.query[0].first << "=" << c.query[0].second;
  }
  // A decodable cursor that is not an id is refused when read as one.
  auto page = parse_page(with_query({{"cursor", encode_cursor("12abc")}}));
  ASSERT_TRUE(page.ok());
  EXPECT_FALSE(page->after_id().ok());
  auto negative = parse_page(with_query({{"cursor", encode_cursor("-3")}}));
  ASSERT_TRUE(negative.ok());
  EXPECT_FALSE(negative->after_id().ok());
}

TEST(accounts_pagination, CustomLimits) {
  auto page = parse_page(with_query({{"limit", "300"}}), PageLimits{50, 500});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->limit, 300);
  auto defaulted = parse_page(with_query({}), PageLimits{50, 500});
  ASSERT_TRUE(defaulted.ok());
  EXPECT_EQ(defaulted->limit, 50);
}

TEST(accounts_pagination, PageBody) {
  auto body = page_body({1, 2}, std::nullopt);
  EXPECT_EQ(body.at("items").as_array().size(), 2u);
  EXPECT_TRUE(body.at("next_cursor").is_null());
  auto more = page_body({}, encode_id_cursor(3));
  EXPECT_EQ(std::string(more.at("next_cursor").as_string()), encode_id_cursor(3));
}

}  // namespace
}  // namespace wsis::http

// Timestamps in UTC with milliseconds, and the clock tests move by hand.
#include "core/clock.h"

#include <gtest/gtest.h>

namespace wsis {
namespace {

TEST(FormatTimestamp, IsIso8601UtcWithMilliseconds) {
  EXPECT_EQ(format_timestamp(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(format_timestamp(1), "1970-01-01T00:00:00.001Z");
  EXPECT_EQ(format_timestamp(1795556400123), "2026-11-24T21:40:00.123Z");
  EXPECT_EQ(format_timestamp(951868800000), "2000-03-01T00:00:00.000Z");  // after a leap day
}

TEST(FormatTimestamp, BeforeTheEpochRoundsDownToTheEarlierSecond) {
  EXPECT_EQ(format_timestamp(-1), "1969-12-31T23:59:59.999Z");
  EXPECT_EQ(format_timestamp(-1000), "1969-12-31T23:59:59.000Z");
  EXPECT_EQ(format_timestamp(-1500), "1969-12-31T23:59:58.500Z");
}

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(1000);
  EXPECT_EQ(clock.now_ms(), 1000);
  clock.advance(250);
  EXPECT_EQ(clock.now_ms(), 1250);
  clock.set(5);
  EXPECT_EQ(clock.now_ms(), 5);
}

TEST(SystemClock, IsCloseToTheSystemTime) {
  SystemClock clock;
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch()).count();
  EXPECT_LE(std::abs(clock.now_ms() - now), 1000);
}

}  // namespace
}  // namespace wsis

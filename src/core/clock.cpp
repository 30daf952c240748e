#include "core/clock.h"

#include <ctime>
#include <fmt/format.h>

namespace wsis {

std::string format_timestamp(std::int64_t unix_ms) {
  // Floor division: -1 ms is 23:59:59.999 of the day before, not "00:00:00.-01".
  std::int64_t millis = ((unix_ms % 1000) + 1000) % 1000;
  std::time_t seconds = static_cast<std::time_t>((unix_ms - millis) / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
}

}  // namespace wsis

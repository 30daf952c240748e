#include "matrix/stats.h"

#include <algorithm>
#include <cmath>

namespace wsis::matrix {

Interval wilson(std::int64_t successes, std::int64_t trials, double z) {
  if (trials <= 0) return {0, 1};
  double n = static_cast<double>(trials);
  double p = static_cast<double>(successes) / n;
  double z2 = z * z;
  double denominator = 1 + z2 / n;
  double centre = (p + z2 / (2 * n)) / denominator;
  double half = z / denominator * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  return {std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

Lift lift(std::int64_t both, std::int64_t line, std::int64_t sdg, std::int64_t total, double z) {
  Lift out;
  if (line <= 0 || sdg <= 0 || total <= 0) return out;
  double base = static_cast<double>(sdg) / static_cast<double>(total);
  out.share = static_cast<double>(both) / static_cast<double>(line);
  out.lift = out.share / base;
  auto interval = wilson(both, line, z);
  out.interval = {interval.low / base, interval.high / base};
  out.defined = true;
  return out;
}

}  // namespace wsis::matrix

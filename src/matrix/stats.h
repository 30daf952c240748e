// The statistics of the evidence matrix (docs/MATRIX.md states the formulas): the share of an
// action line's entries that name an SDG goal or target, its Wilson score interval, and the
// lift over independence with the interval that follows from it.
#pragma once

#include <cstdint>

namespace wsis::matrix {

inline constexpr double kZ95 = 1.959963984540054;  // two-sided 95 %

struct Interval {
  double low = 0, high = 0;
};

// Wilson score interval of a proportion of `successes` out of `trials` (0..1); [0, 1] when
// there are no trials.
Interval wilson(std::int64_t successes, std::int64_t trials, double z = kZ95);

struct Lift {
  double share = 0;     // n_ag / n_a: the share of the action line's entries with the SDG
  double lift = 0;      // share / (n_g / N): 1 when independent
  Interval interval;    // Wilson interval of the share divided by n_g / N
  bool defined = false; // false when n_a, n_g or N is 0
};

// `both` entries name the action line and the SDG, `line` the action line, `sdg` the SDG, of
// `total` entries.
Lift lift(std::int64_t both, std::int64_t line, std::int64_t sdg, std::int64_t total, double z = kZ95);

}  // namespace wsis::matrix

// A spreadsheet of strings written row by row with libxlsxwriter, in its constant-memory mode
// (each row goes to disk as it is written), so that 100,000 entries need no more memory than
// one. Cells hold text as it is, Arabic and Chinese included; whole numbers may be numbers.
#pragma once

#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "core/result.h"

namespace wsis::stocktaking {

class XlsxSheet {
 public:
  using Cell = std::variant<std::string, double>;

  // Creates the workbook at `path` with one sheet named `sheet`; the header row is bold and
  // stays in view when scrolling.
  static Result<std::unique_ptr<XlsxSheet>> create(const std::string& path, const std::string& sheet,
                                                   const std::vector<std::string>& header);
  ~XlsxSheet();
  XlsxSheet(const XlsxSheet&) = delete;
  XlsxSheet& operator=(const XlsxSheet&) = delete;

  Result<void> add_row(const std::vector<Cell>& cells);
  // Writes the file; nothing is complete before this returns.
  Result<void> close();

 private:
  struct Impl;
  explicit XlsxSheet(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace wsis::stocktaking

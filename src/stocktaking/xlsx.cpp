#include "stocktaking/xlsx.h"

#include <xlsxwriter.h>

namespace wsis::stocktaking {

struct XlsxSheet::Impl {
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* worksheet = nullptr;
  lxw_row_t next_row = 0;
  ~Impl() {
    // A workbook never closed still owns memory and a temporary file; closing writes it out,
    // which for an abandoned export is harmless (the caller removes the file).
    if (workbook) workbook_close(workbook);
  }
};

XlsxSheet::XlsxSheet(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
XlsxSheet::~XlsxSheet() = default;

namespace {
Error xlsx_error(const std::string& what, lxw_error error) {
  return make_error(ErrorCode::internal, what + ": " + lxw_strerror(error));
}
}  // namespace

Result<std::unique_ptr<XlsxSheet>> XlsxSheet::create(const std::string& path, const std::string& sheet,
                                                     const std::vector<std::string>& header) {
  auto impl = std::make_unique<Impl>();
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  impl->workbook = workbook_new_opt(path.c_str(), &options);
  if (!impl->workbook) return make_error(ErrorCode::internal, "cannot create the workbook " + path);
  impl->worksheet = workbook_add_worksheet(impl->workbook, sheet.c_str());
  if (!impl->worksheet) return make_error(ErrorCode::internal, "cannot add the worksheet " + sheet);
  lxw_format* bold = workbook_add_format(impl->workbook);
  format_set_bold(bold);
  for (std::size_t column = 0; column < header.size(); ++column) {
    lxw_error error =
        worksheet_write_string(impl->worksheet, 0, static_cast<lxw_col_t>(column), header[column].c_str(), bold);
    if (error != LXW_NO_ERROR) return xlsx_error("header", error);
  }
  worksheet_freeze_panes(impl->worksheet, 1, 0);
  impl->next_row = 1;
  return std::unique_ptr<XlsxSheet>(new XlsxSheet(std::move(impl)));
}

Result<void> XlsxSheet::add_row(const std::vector<Cell>& cells) {
  for (std::size_t column = 0; column < cells.size(); ++column) {
    auto col = static_cast<lxw_col_t>(column);
    lxw_error error = LXW_NO_ERROR;
    if (const auto* text = std::get_if<std::string>(&cells[column])) {
      // An empty string would still make a cell; leave it blank instead.
      if (!text->empty())
        error = worksheet_write_string(impl_->worksheet, impl_->next_row, col, text->c_str(), nullptr);
    } else {
      error = worksheet_write_number(impl_->worksheet, impl_->next_row, col, std::get<double>(cells[column]), nullptr);
    }
    if (error != LXW_NO_ERROR) return xlsx_error("row " + std::to_string(impl_->next_row + 1), error);
  }
  ++impl_->next_row;
  return Ok{};
}

Result<void> XlsxSheet::close() {
  lxw_error error = workbook_close(impl_->workbook);
  impl_->workbook = nullptr;
  if (error != LXW_NO_ERROR) return xlsx_error("cannot write the workbook", error);
  return Ok{};
}

}  // namespace wsis::stocktaking

// CSV as RFC 4180 defines it, strictly: fields separated by commas, records by CRLF (a lone LF
// is accepted too), a field that holds a comma, a quote or a line break is quoted and its
// quotes doubled. Reading uses libcsv in strict mode; writing is a few lines of our own
// (libcsv's writer quotes every field, which makes files needlessly hard to read).
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wsis::stocktaking::csv {

struct Record {
  std::size_t line = 0;  // the physical line (from 1) the record starts on
  std::vector<std::string> fields;
  std::size_t bytes_read = 0;  // of the data, up to the end of the line the record ends on
};

// Reads every record of `data`, calling `on_record` for each well-formed one and `on_malformed`
// with the starting line of each record whose quoting breaks RFC 4180 (a quote inside an
// unquoted field, text after a closing quote, a quoted field never closed). After a malformed
// record, reading resumes at the next physical line, so one bad record does not hide the
// errors or the good records after it. Fields are returned exactly as written: no trimming,
// no character set check (the caller checks UTF-8). Blank lines between records are skipped.
void read(std::string_view data, const std::function<void(Record&&)>& on_record,
          const std::function<void(std::size_t line)>& on_malformed);

// Appends one field, quoted only when it must be (it holds a comma, a quote, CR or LF).
void append_field(std::string& out, std::string_view value);
// Appends the fields separated by commas and ended by CRLF.
void append_record(std::string& out, const std::vector<std::string>& fields);

}  // namespace wsis::stocktaking::csv

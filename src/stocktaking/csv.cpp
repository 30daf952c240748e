#include "stocktaking/csv.h"

#include <csv.h>

#include <algorithm>
#include <memory>

namespace wsis::stocktaking::csv {

namespace {

// libcsv trims spaces and tabs around unquoted fields by default, and then accepts
// `"a"  ,` as a quoted field followed by spaces. RFC 4180 says spaces are part of a field, so
// nothing counts as a space here: strict mode then rejects text after a closing quote.
int no_spaces(unsigned char) { return 0; }

struct Reader {
  const std::function<void(Record&&)>* on_record = nullptr;
  std::size_t line = 0;        // the physical line being fed
  std::size_t bytes_read = 0;  // up to the end of that line
  std::size_t start = 0;       // where the record in progress started
  bool in_record = false;
  std::vector<std::string> fields;

  void begin_if_needed() {
    if (!in_record) {
      start = line;
      in_record = true;
    }
  }
};

void on_field(void* bytes, std::size_t length, void* data) {
  auto* reader = static_cast<Reader*>(data);
  // A record that starts after a lone CR in the middle of a line starts on that line.
  reader->begin_if_needed();
  reader->fields.emplace_back(static_cast<const char*>(bytes), length);
}

void on_record_end(int, void* data) {
  auto* reader = static_cast<Reader*>(data);
  (*reader->on_record)(Record{reader->start, std::move(reader->fields), reader->bytes_read});
  reader->fields.clear();
  reader->in_record = false;
}

struct Parser {
  csv_parser parser{};
  Parser() {
    csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI);
    csv_set_space_func(&parser, no_spaces);
  }
  ~Parser() { csv_free(&parser); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;
};

bool blank(std::string_view line) { return line == "\n" || line == "\r\n" || line == "\r"; }

}  // namespace

void read(std::string_view data, const std::function<void(Record&&)>& on_record,
          const std::function<void(std::size_t line)>& on_malformed) {
  Reader reader;
  reader.on_record = &on_record;
  auto parser = std::make_unique<Parser>();
  std::size_t position = 0;
  // Fed one physical line at a time, so that every record and every error has a line number
  // (libcsv reports neither).
  while (position < data.size()) {
    std::size_t end = data.find('\n', position);
    end = end == std::string_view::npos ? data.size() : end + 1;
    std::string_view line = data.substr(position, end - position);
    position = end;
    ++reader.line;
    reader.bytes_read = end;
    if (!reader.in_record && !blank(line)) reader.begin_if_needed();
    std::size_t used = csv_parse(&parser->parser, line.data(), line.size(), on_field, on_record_end, &reader);
    if (used != line.size() || csv_error(&parser->parser) != CSV_SUCCESS) {
      on_malformed(reader.in_record ? reader.start : reader.line);
      parser = std::make_unique<Parser>();
      reader.fields.clear();
      reader.in_record = false;
    }
  }
  if (csv_fini(&parser->parser, on_field, on_record_end, &reader) != 0) {
    // A quoted field still open at the end of the data.
    on_malformed(reader.start);
  }
}

void append_field(std::string& out, std::string_view value) {
  bool quote = value.find_first_of(",\"\r\n") != std::string_view::npos;
  if (!quote) {
    out.append(value);
    return;
  }
  out += '"';
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  out += '"';
}

void append_record(std::string& out, const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    append_field(out, fields[i]);
  }
  out += "\r\n";
}

}  // namespace wsis::stocktaking::csv

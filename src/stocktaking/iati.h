// Stocktaking entries as IATI 2.03 activities (https://iatistandard.org), valid against the
// official schema (tests/data/iati/). How each field maps is in docs/IMPORT_EXPORT.md:
// SDG goals and targets are `tag`s of vocabularies 2 and 3, countries `recipient-country`
// (ISO alpha-2), WSIS action lines `tag`s of vocabulary 99 (the reporting organisation's own).
#pragma once

#include <cstdint>
#include <string>

#include "stocktaking/exchange_format.h"

namespace wsis::stocktaking::iati {

struct Publisher {
  // The reporting organisation's IATI organisation identifier; activity identifiers are
  // "<ref>-WSIS-<entry id>". Default: ITU's OECD DAC channel code.
  std::string ref = "XM-DAC-41303";
  std::string type = "40";  // IATI OrganisationType: multilateral
  std::string name = "International Telecommunication Union (WSIS secretariat)";
};

// <?xml ...?><iati-activities version="2.03" generated-datetime="...">
void begin(std::string& out, std::int64_t generated_at_ms);
// One <iati-activity> for entry `id`, last updated at `updated_at_ms`.
void activity(std::string& out, const Publisher& publisher, std::int64_t id, std::int64_t updated_at_ms,
              const ExchangeRow& row);
void end(std::string& out);

// Escapes text for XML content and attribute values.
void append_escaped(std::string& out, std::string_view text);

}  // namespace wsis::stocktaking::iati

// Markdown of entry descriptions rendered to HTML that is safe to insert into a page: cmark in
// its default safe mode drops raw HTML and links with javascript:, vbscript:, file: and data:
// (other than images) URLs.
#pragma once

#include <string>
#include <string_view>

namespace wsis::stocktaking {

std::string render_markdown(std::string_view markdown);

}  // namespace wsis::stocktaking

#include "stocktaking/markdown.h"

#include <cmark.h>

#include <cstdlib>

namespace wsis::stocktaking {

std::string render_markdown(std::string_view markdown) {
  // CMARK_OPT_SAFE is the default since cmark 0.29; CMARK_OPT_UNSAFE is what we never pass.
  // Hard breaks: people writing a description in a text box mean the line breaks they type.
  char* html = cmark_markdown_to_html(markdown.data(), markdown.size(), CMARK_OPT_DEFAULT | CMARK_OPT_HARDBREAKS);
  std::string out = html ? html : "";
  std::free(html);
  return out;
}

}  // namespace wsis::stocktaking

// The report as a PDF: A4 pages typeset with pango (which shapes Arabic and lays it out right
// to left, and falls back to Noto CJK for Chinese) on a cairo PDF surface, with bar charts
// drawn by cairo. In Arabic the whole page is mirrored: text aligns right, chart labels sit on
// the right and bars grow to the left.
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>
#include <string>

#include "matrix/report.h"

namespace wsis::matrix {

namespace {

constexpr double kPageWidth = 595.276, kPageHeight = 841.890;  // A4 in points
constexpr double kMargin = 48;
constexpr double kContentWidth = kPageWidth - 2 * kMargin;
constexpr const char* kFonts = "Noto Sans, Noto Sans Arabic, Noto Naskh Arabic, Noto Sans CJK SC, sans-serif";

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void set_rgb(cairo_t* cr, std::uint32_t rgb) {
  cairo_set_source_rgb(cr, ((rgb >> 16) & 255) / 255.0, ((rgb >> 8) & 255) / 255.0, (rgb & 255) / 255.0);
}

class Page {
 public:
  Page(cairo_t* cr, bool rtl) : cr_(cr), rtl_(rtl), y_(kMargin) {}

  // A paragraph across the content width (or `width` from `x`, mirrored in RTL); returns its height.
  double text(const std::string& text, double size, bool bold, double x = 0, double width = kContentWidth,
              bool draw = true, std::uint32_t colour = 0x1A1A1A, bool end_aligned = false) {
    auto layout = make_layout(text, size, bold, width, end_aligned);
    int w = 0, h = 0;
    pango_layout_get_size(layout.get(), &w, &h);
    double height = h / static_cast<double>(PANGO_SCALE);
    if (draw) {
      set_rgb(cr_, colour);
      cairo_move_to(cr_, left(x, width), y_);
      pango_cairo_show_layout(cr_, layout.get());
    }
    return height;
  }

  void paragraph(const std::string& s, double size, bool bold = false, std::uint32_t colour = 0x1A1A1A) {
    double h = text(s, size, bold, 0, kContentWidth, false);
    ensure(h);
    text(s, size, bold, 0, kContentWidth, true, colour);
    y_ += h + size * 0.4;
  }

  // A horizontal bar chart: a label, a bar proportional to the value, and the value.
  void bars(const std::string& heading, const std::vector<std::string>& labels, const std::vector<std::int64_t>& values,
            const std::vector<std::uint32_t>& colours) {
    constexpr double kRow = 15, kLabelWidth = 190, kValueWidth = 48;
    ensure(24 + kRow * std::min<std::size_t>(labels.size(), 6));
    paragraph(heading, 12.5, true, 0x0B3D66);
    std::int64_t max = 1;
    for (auto v : values) max = std::max(max, v);
    double bar_space = kContentWidth - kLabelWidth - kValueWidth - 12;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      ensure(kRow);
      double saved = y_;
      text(labels[i], 8.5, false, 0, kLabelWidth, true, 0x1A1A1A);
      double length = bar_space * static_cast<double>(values[i]) / static_cast<double>(max);
      set_rgb(cr_, colours.empty() ? 0x1F6FB2 : colours[i]);
      double bar_x = kLabelWidth + 6;
      cairo_rectangle(cr_, left(bar_x, length), y_ + 2, std::max(length, 0.8), kRow - 5);
      cairo_fill(cr_);
      text(std::to_string(values[i]), 8.5, false, bar_x + length + 4, kValueWidth, true, 0x333333);
      y_ = saved + kRow;
    }
    y_ += 10;
  }

  void gap(double points) { y_ += points; }

  // Starts a new page when `height` does not fit on this one.
  void ensure(double height) {
    if (y_ + height <= kPageHeight - kMargin) return;
    cairo_show_page(cr_);
    y_ = kMargin;
  }

 private:
  struct LayoutFree {
    void operator()(PangoLayout* l) const { g_object_unref(l); }
  };
  std::unique_ptr<PangoLayout, LayoutFree> make_layout(const std::string& text, double size, bool bold, double width,
                                                       bool end_aligned) {
    std::unique_ptr<PangoLayout, LayoutFree> layout(pango_cairo_create_layout(cr_));
    PangoFontDescription* font = pango_font_description_from_string(kFonts);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout.get(), font);
    pango_font_description_free(font);
    pango_layout_set_width(layout.get(), static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
    // The paragraph direction is the report's, whatever the first strong character says
    // (a Latin code at the start of an Arabic line must not flip it).
    pango_layout_set_auto_dir(layout.get(), FALSE);
    PangoContext* context = pango_layout_get_context(layout.get());
    pango_context_set_base_dir(context, rtl_ ? PANGO_DIRECTION_RTL : PANGO_DIRECTION_LTR);
    // Exact glyph positions: rounded to whole points (the screen default), joined Arabic
    // letters drift apart and text extraction sees gaps inside words.
    pango_context_set_round_glyph_positions(context, FALSE);
    cairo_font_options_t* options = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(context, options);
    cairo_font_options_destroy(options);
    pango_layout_context_changed(layout.get());
    bool right = rtl_ != end_aligned;
    pango_layout_set_alignment(layout.get(), right ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(layout.get(), text.data(), static_cast<int>(text.size()));
    return layout;
  }

  // The page x of a box at `x` (from the reading start) of `width`: mirrored in RTL.
  double left(double x, double width) const { return rtl_ ? kMargin + kContentWidth - x - width : kMargin + x; }

  cairo_t* cr_;
  bool rtl_;
  double y_;
};

}  // namespace

Result<std::string> render_pdf(const Report& report) {
  ReportTexts texts(report);
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(append, &out, kPageWidth, kPageHeight);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, texts.title().c_str());
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "WSIS Hub");
  cairo_t* cr = cairo_create(surface);
  {
    Page page(cr, report.request.lang == "ar");
    const auto& p = report.profile;
    page.paragraph(texts.title(), 20, true, 0x0B3D66);
    page.paragraph(texts.message("report.subtitle", {{"period", texts.period()}}), 12, false, 0x444444);
    page.gap(6);
    page.paragraph(texts.message("report.section.totals"), 13, true, 0x0B3D66);
    auto gaps = report_gaps(report);
    auto covered = [&](Profile::Block block, std::size_t size) {
      std::int64_t n = 0;
      for (std::size_t i = 0; i < size; ++i) n += p.at(block, i) > 0;
      return n;
    };
    const auto& d = Dimensions::instance();
    for (auto [key, value] : {std::pair{"report.label.entries", p.entries},
                              std::pair{"report.label.organisations", std::int64_t{p.organisations}},
                              std::pair{"report.label.countries", std::int64_t{p.countries}}})
      page.paragraph(texts.message(key) + ": " + std::to_string(value), 10.5);
    page.paragraph(texts.message("report.label.goals_covered") + ": " +
                       std::to_string(covered(Profile::kGoal, d.goals)) + " / " + std::to_string(d.goals),
                   10.5);
    page.paragraph(texts.message("report.label.targets_covered") + ": " +
                       std::to_string(covered(Profile::kTarget, d.targets)) + " / " + std::to_string(d.targets),
                   10.5);
    page.gap(8);
    for (const auto& table : report_tables(report, texts)) {
      std::vector<std::string> labels;
      for (std::size_t i = 0; i < table.codes.size(); ++i)
        labels.push_back(table.key == "report.section.trend" ? table.codes[i]
                         : table.key == "report.section.goals" ? texts.message("report.sdg", {{"number", table.codes[i]}}) + " " + table.names[i]
                                                               : table.names[i]);
      if (labels.empty()) continue;
      page.bars(table.heading, labels, table.values, table.colours);
    }
    page.paragraph(texts.message("report.section.gaps"), 13, true, 0x0B3D66);
    std::string goals;
    for (int g : gaps.goals_without) goals += (goals.empty() ? "" : ", ") + std::to_string(g);
    page.paragraph(texts.message("report.gaps.goals", {{"list", goals.empty() ? texts.message("report.none") : goals}}), 10);
    page.paragraph(texts.message("report.gaps.targets_none", {{"count", std::to_string(gaps.targets_without)}, {"total", std::to_string(gaps.targets_total)}}), 10);
    std::string few;
    for (const auto& [t, n] : gaps.targets_few) few += (few.empty() ? "" : ", ") + t + " (" + std::to_string(n) + ")";
    page.paragraph(texts.message("report.gaps.targets_few",
                                 {{"few", std::to_string(ReportGaps::few)}, {"list", few.empty() ? texts.message("report.none") : few}}),
                   10);
    page.gap(6);
    page.paragraph(texts.message("report.section.stories"), 13, true, 0x0B3D66);
    if (report.stories.empty()) page.paragraph(texts.message("report.stories.none"), 10);
    for (const auto& s : report.stories) {
      std::string where;
      for (const auto& c : s.countries) where += (where.empty() ? "" : ", ") + c;
      page.paragraph("• " + s.title + (where.empty() ? "" : " — " + where) + " (" + std::to_string(s.year) + ")", 10);
    }
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS)
    return make_error(ErrorCode::internal, std::string("cairo could not write the PDF: ") + cairo_status_to_string(status));
  return out;
}

}  // namespace wsis::matrix

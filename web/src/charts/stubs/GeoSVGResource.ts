// Stands in for ECharts' GeoSVGResource (maps drawn from an SVG file, with zrender's SVG
// parser): the app registers only GeoJSON maps, and leaving the parser out takes the home
// page's JavaScript under its budget (web/vite.config.ts, docs/PERFORMANCE.md).
export class GeoSVGResource {
  constructor() {
    throw new Error('SVG maps are not bundled; register GeoJSON');
  }
}

// The URL of the world's TopoJSON with alpha-3 country ids, made at build time (web/vite.config.ts).
declare module 'virtual:world-110m' {
  const url: string;
  export default url;
}

// The URL of the world's countries as GeoJSON named by alpha-3, made at build time (web/vite.config.ts).
declare module 'virtual:world-110m' {
  const url: string;
  export default url;
}

// prerender ships no types; prerender-server.ts describes the part it uses.
declare module 'prerender' {
  const prerender: unknown;
  export default prerender;
}

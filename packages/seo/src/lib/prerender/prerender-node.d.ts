// prerender-node ships no types; flightdeck:seo reads only its lists.
declare module 'prerender-node' {
  const prerenderNode: {
    crawlerUserAgents: string[];
    extensionsToIgnore: string[];
  };
  export default prerenderNode;
}

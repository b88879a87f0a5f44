export type RouteMatcher = (path: string) => Record<string, string> | undefined;

/**
 * Compiles a FlowRouter-style pattern (`/posts/:id`, `/docs/:path*`, `/a/:b?`) once, into a
 * function that returns a path's decoded params, or undefined when it does not match. Compiled
 * when a route is registered, not per request: the matcher runs on every page request.
 */
export function compileRoute(pattern: string): RouteMatcher {
  const names: string[] = [];
  const source = pattern
    .replace(/\/+$/, '')
    .split('/')
    .map((segment) => {
      const param = /^:(\w+)([?*])?$/.exec(segment);
      if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(param[1] as string);
      if (param[2] === '*') return '(.*)';
      if (param[2] === '?') return '?([^/]*)';
      return '([^/]+)';
    })
    .join('/');
  const expression = new RegExp(`^${source}/?$`);
  return (path) => {
    const match = expression.exec(path);
    if (!match) return undefined;
    const params: Record<string, string> = {};
    names.forEach((name, index) => {
      const value = match[index + 1];
      if (value === undefined || value === '') return;
      try {
        params[name] = decodeURIComponent(value);
      } catch {
        params[name] = value;
      }
    });
    return params;
  };
}

/** Matches a path against a FlowRouter-style pattern once; see compileRoute. */
export function matchRoute(pattern: string, path: string): Record<string, string> | undefined {
  return compileRoute(pattern)(path);
}

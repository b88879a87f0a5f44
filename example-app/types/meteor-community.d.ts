// Types for the community packages this app uses that @types/meteor does not cover. In an app with
// zodern:types these come from the packages themselves; declared here so `npm run typecheck` at the
// repository root covers the app without Meteor.
declare module 'meteor/ostrio:flow-router-extra' {
  interface Route {
    name?: string;
    path: string;
  }
  interface Current {
    path: string;
    params: Record<string, string>;
    queryParams: Record<string, string>;
    route?: Route;
  }
  interface RouteOptions {
    name?: string;
    action?(this: { render(layout: string, template?: string, data?: unknown): void }, params: Record<string, string>, queryParams: Record<string, string>): void;
    waitOn?(params: Record<string, string>): unknown;
    triggersEnter?: Array<(context: Current) => void>;
  }
  export const FlowRouter: {
    route(path: string, options: RouteOptions): Route;
    go(path: string, params?: Record<string, string>): void;
    path(name: string, params?: Record<string, string>): string;
    current(): Current;
    getParam(name: string): string | undefined;
    watchPathChange(): void;
    triggers: { enter(callbacks: Array<(context: Current) => void>, filter?: { only?: string[]; except?: string[] }): void };
  };
}

declare module 'meteor/mdg:validated-method' {
  export interface ValidatedMethodOptions<Args, Result> {
    name: string;
    mixins?: Array<(options: any) => any>;
    validate: ((args: Args) => void) | null;
    run(this: { userId: string | null; isSimulation: boolean }, args: Args): Result | Promise<Result>;
  }
  export class ValidatedMethod<Args, Result> {
    constructor(options: ValidatedMethodOptions<Args, Result>);
    name: string;
    callAsync(args: Args): Promise<Result>;
  }
}

// Blaze templates: Meteor compiles .html files into modules with side effects only.
declare module '*.html';

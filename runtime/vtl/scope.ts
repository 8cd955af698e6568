import { copyMap } from "./collection-methods.js";
import { createContext } from "./context.js";
import { VtlInput } from "./input.js";
import { UTIL, type VtlUtil } from "./util.js";
import type { VtlMap } from "./values.js";

/** The request pieces a mapping template reads. */
export interface VtlRequest {
  /** The payload as text (`$input.body`); null or "" when there is none. */
  readonly body: string | null;
  /** Request headers, one value each. */
  readonly headers: Readonly<Record<string, string>>;
  /** Query string parameters, one value each. */
  readonly query: Readonly<Record<string, string>>;
  /** Path parameters. */
  readonly path: Readonly<Record<string, string>>;
  /**
   * `$context` values, nested or with dotted names (see {@link createContext}), or a function that makes them:
   * called only when a template uses `$context`.
   */
  readonly context?: Readonly<Record<string, unknown>> | (() => Readonly<Record<string, unknown>>);
  /** `$stageVariables`. */
  readonly stageVariables?: Readonly<Record<string, string>>;
}

/** Options of {@link createVtlScope}. */
export interface VtlScopeOptions {
  /**
   * A `$context` to reuse instead of building one from `request.context`: pass the request
   * template's so a response template sees its overrides (vector aws/mock-request-override-in-response).
   */
  readonly context?: VtlMap;
}

/**
 * The variables of one render. Compiled templates read and `#set` them as `v.$name`; names a
 * template sets itself live beside the four AWS provides.
 */
export interface VtlScope {
  readonly $input: VtlInput;
  $context: VtlMap;
  $stageVariables: VtlMap;
  readonly $util: VtlUtil;
  [name: `$${string}`]: unknown;
}

/**
 * A render's variables: `$context` is built on first use (its maps cost more than the rest of the scope together,
 * test/bench mock-vtl), through an accessor on the prototype, so a template that never reads or sets it never pays.
 * Names a template sets live as own properties (`$`-prefixed, so never one of Object.prototype's).
 */
class Scope {
  $input: VtlInput;
  $stageVariables: VtlMap;
  readonly $util: VtlUtil = UTIL;
  /** The built `$context`, or undefined until used. */
  context: VtlMap | undefined;
  readonly #request: VtlRequest;

  constructor(request: VtlRequest, context: VtlMap | undefined) {
    this.#request = request;
    this.$input = new VtlInput(request.body, { path: request.path, querystring: request.query, header: request.headers });
    this.$stageVariables = copyMap(request.stageVariables ?? {});
    this.context = context;
  }

  get $context(): VtlMap {
    if (this.context === undefined) {
      const values = this.#request.context;
      this.context = createContext(typeof values === "function" ? values() : (values ?? {}));
    }
    return this.context;
  }

  set $context(value: VtlMap) {
    this.context = value;
  }
}

/** The scope a compiled template renders with. */
export function createVtlScope(request: VtlRequest, options: VtlScopeOptions = {}): VtlScope {
  return new Scope(request, options.context) as unknown as VtlScope;
}

/** The scope's `$context` if it was built (a template used it, or it was given), else undefined: nothing was overridden. */
export function builtContext(scope: VtlScope): VtlMap | undefined {
  return (scope as unknown as Scope).context;
}

/** A compiled template: `(v) => string`, made from `compileTemplate(...).source`. */
export type VtlTemplate = (scope: VtlScope) => string;

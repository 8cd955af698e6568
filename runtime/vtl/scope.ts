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
  /** `$context` values, nested or with dotted names (see {@link createContext}). */
  readonly context?: Readonly<Record<string, unknown>>;
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

/** The scope a compiled template renders with. */
export function createVtlScope(request: VtlRequest, options: VtlScopeOptions = {}): VtlScope {
  const scope: VtlScope = Object.create(null) as VtlScope;
  Object.assign(scope, {
    $input: new VtlInput(request.body, { path: request.path, querystring: request.query, header: request.headers }),
    $context: options.context ?? createContext(request.context ?? {}),
    $stageVariables: copyMap(request.stageVariables ?? {}),
    $util: UTIL,
  });
  return scope;
}

/** A compiled template: `(v) => string`, made from `compileTemplate(...).source`. */
export type VtlTemplate = (scope: VtlScope) => string;

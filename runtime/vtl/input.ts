import { VtlHost } from "./host.js";
import { evaluateJsonPath, parseJsonPath } from "./json-path.js";
import { jsonText } from "./render.js";
import { createMap, type VtlMap } from "./values.js";

/** The request parameters `$input.params()` exposes, by location. */
export interface VtlParams {
  readonly path: Readonly<Record<string, string>>;
  readonly querystring: Readonly<Record<string, string>>;
  readonly header: Readonly<Record<string, string>>;
}

/** An empty payload reads as `{}` (reference §4.1 [V], vectors aws/input-body-formatting/*empty-body). */
const EMPTY_BODY = "{}";

/** What `$input.json()` returns for a path that matches nothing [U: LocalStack's expectation, vectors localstack-unit/input-json-*]. */
const MISSING_JSON = '""';

/** Marks a body that is not JSON: every path misses. */
const NOT_JSON = Symbol("not-json");

function toMap(record: Readonly<Record<string, string>>): VtlMap {
  const map = createMap();
  for (const key of Object.keys(record)) map[key] = record[key];
  return map;
}

/**
 * `$input` (reference §4.1). The body is parsed once, on the first path, and every
 * `$input.path()` hands out the same parsed value, so a template that changes it with `put`
 * sees the change in later calls [U].
 */
export class VtlInput extends VtlHost {
  readonly #body: string;
  readonly #params: VtlParams;
  #parsed: unknown = NOT_JSON;
  #parsedOnce = false;
  #paramsMap: VtlMap | undefined;

  constructor(body: string | null, params: VtlParams) {
    super();
    this.#body = body === null || body === "" ? EMPTY_BODY : body;
    this.#params = params;
  }

  /** The raw payload (`$input.body`). */
  get body(): string {
    return this.#body;
  }

  vtlProperty(name: string): unknown {
    return name === "body" ? this.#body : null;
  }

  vtlCall(name: string, args: readonly unknown[]): unknown {
    const arg = args[0];
    switch (name) {
      case "getBody":
        return args.length === 0 ? this.#body : null;
      case "path":
        return typeof arg === "string" && args.length === 1 ? this.path(arg) : null;
      case "json":
        return typeof arg === "string" && args.length === 1 ? this.json(arg) : null;
      case "params":
        if (args.length === 0) return this.#allParams();
        return typeof arg === "string" && args.length === 1 ? this.param(arg) : null;
      default:
        return null;
    }
  }

  vtlString(): string {
    return "";
  }

  /** `$input.path(p)`: the value at a JSONPath, as template data; null when nothing matches. */
  path(text: string): unknown {
    const found = this.#lookup(text);
    return found.found ? found.value : null;
  }

  /** `$input.json(p)`: the value at a JSONPath as compact JSON text. */
  json(text: string): string {
    const found = this.#lookup(text);
    return found.found ? jsonText(found.value) : MISSING_JSON;
  }

  /**
   * `$input.params(name)`: path, then query string, then header (reference §4.1); a missing
   * name is "" [U]. Header names match without regard to case, as HTTP defines them [U].
   */
  param(name: string): string {
    const { path, querystring, header } = this.#params;
    if (Object.hasOwn(path, name)) return path[name]!;
    if (Object.hasOwn(querystring, name)) return querystring[name]!;
    if (Object.hasOwn(header, name)) return header[name]!;
    const lower = name.toLowerCase();
    for (const key of Object.keys(header)) if (key.toLowerCase() === lower) return header[key]!;
    return "";
  }

  #allParams(): VtlMap {
    if (this.#paramsMap === undefined) {
      this.#paramsMap = createMap();
      this.#paramsMap.path = toMap(this.#params.path);
      this.#paramsMap.querystring = toMap(this.#params.querystring);
      this.#paramsMap.header = toMap(this.#params.header);
    }
    return this.#paramsMap;
  }

  #lookup(text: string): { readonly found: boolean; readonly value: unknown } {
    const path = parseJsonPath(text);
    const root = this.#root();
    if (path === undefined || root === NOT_JSON) return { found: false, value: undefined };
    return evaluateJsonPath(root, path);
  }

  #root(): unknown {
    if (!this.#parsedOnce) {
      this.#parsedOnce = true;
      try {
        this.#parsed = JSON.parse(this.#body) as unknown;
      } catch {
        this.#parsed = NOT_JSON;
      }
    }
    return this.#parsed;
  }
}

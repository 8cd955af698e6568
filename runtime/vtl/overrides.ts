import { str } from "./render.js";
import { isNull, isVtlList, isVtlMap, mapGet, type VtlMap } from "./values.js";

/** What a template set under `$context.requestOverride` / `$context.responseOverride` (reference §4.6). */
export interface VtlOverrides {
  /** `responseOverride.status`, when it is an integer (number or digits) [U: AWS's handling of other values]. */
  readonly status: number | undefined;
  /** `responseOverride.header.<name>`. */
  readonly responseHeaders: Readonly<Record<string, string>>;
  /** `requestOverride.header.<name>`. */
  readonly requestHeaders: Readonly<Record<string, string>>;
  /** `requestOverride.path.<name>`. */
  readonly requestPath: Readonly<Record<string, string>>;
  /** `requestOverride.querystring.<name>`. */
  readonly requestQuerystring: Readonly<Record<string, string>>;
}

/** Override values as strings: a list is comma-joined (reference §4.6, §4.8 example 7), null entries are skipped. */
function strings(map: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isVtlMap(map)) return out;
  for (const name of Object.keys(map)) {
    const value = map[name];
    if (isNull(value)) continue;
    const text = isVtlList(value) ? value.map((item) => str(item)).join(",") : str(value);
    Object.defineProperty(out, name, { value: text, enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function section(context: VtlMap, name: string): VtlMap | undefined {
  const value = mapGet(context, name);
  return isVtlMap(value) ? value : undefined;
}

/** Reads the overrides from a rendered template's `$context`. */
export function readOverrides(context: VtlMap): VtlOverrides {
  const request = section(context, "requestOverride");
  const response = section(context, "responseOverride");
  const status = response === undefined ? undefined : mapGet(response, "status");
  const statusNumber = typeof status === "number" ? status : typeof status === "string" && /^\d+$/.test(status.trim()) ? Number(status) : NaN;
  return {
    status: Number.isInteger(statusNumber) ? statusNumber : undefined,
    responseHeaders: strings(response && mapGet(response, "header")),
    requestHeaders: strings(request && mapGet(request, "header")),
    requestPath: strings(request && mapGet(request, "path")),
    requestQuerystring: strings(request && mapGet(request, "querystring")),
  };
}

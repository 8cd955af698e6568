import { copyMap } from "./collection-methods.js";
import { createMap, isVtlMap, mapGet, mapPut, type VtlMap } from "./values.js";

/**
 * `$context` for one request: the values the gateway knows (reference §4.1) plus the override
 * maps templates write (reference §4.6). Dotted names expand into nested maps, so a caller can
 * pass `{ "identity.sourceIp": "192.0.2.1" }` or `{ identity: { sourceIp: … } }`.
 */
export function createContext(values: Readonly<Record<string, unknown>>): VtlMap {
  const context = createMap();
  for (const name of Object.keys(values)) {
    const path = name.split(".");
    let map = context;
    for (const part of path.slice(0, -1)) {
      let child = mapGet(map, part);
      if (!isVtlMap(child)) mapPut(map, part, (child = createMap()));
      map = child as VtlMap;
    }
    const value = values[name];
    mapPut(map, path[path.length - 1]!, isVtlMap(value) ? copyMap(value) : value);
  }
  ensureMap(ensureMap(context, "requestOverride"), "header");
  ensureMap(ensureMap(context, "requestOverride"), "path");
  ensureMap(ensureMap(context, "requestOverride"), "querystring");
  ensureMap(ensureMap(context, "responseOverride"), "header");
  return context;
}

function ensureMap(map: VtlMap, key: string): VtlMap {
  const existing = mapGet(map, key);
  if (isVtlMap(existing)) return existing;
  const created = createMap();
  mapPut(map, key, created);
  return created;
}

/**
 * Schema dialect normalisation: OpenAPI 3.0 / Swagger 2.0 Schema Objects → JSON Schema draft 4,
 * OpenAPI 3.1 Schema Objects → JSON Schema 2020-12 without OpenAPI-only annotations.
 *
 * Why draft 4: Amazon API Gateway validates REST models as JSON Schema draft 4
 * (shared/reference/aws-api-gateway.md, "models are JSON Schema draft 4"). Why at all:
 * TOOLCHAIN.md "Validators" measured OpenAPI 3.0 `nullable` and boolean
 * `exclusiveMinimum/Maximum` making ajv throw on real documents (OpenAI spec).
 *
 * The walk is schema-aware: only keys of *schema objects* are rewritten. Property names under
 * `properties` (a property may well be called `nullable` or `x-id`) and data values (`enum`,
 * `const`, `default`, `examples`) are copied verbatim.
 */

/** Dialect a schema was written in: the document's version, or `draft-04` for API Gateway models. */
export type SchemaSourceDialect = "openapi-3.0" | "swagger-2.0" | "openapi-3.1" | "draft-04";

/** Keywords whose value is one schema (or, for `items`/`additionalItems`, possibly an array of schemas). */
const SCHEMA_VALUED = new Set([
  "items",
  "additionalItems",
  "additionalProperties",
  "not",
  "contains",
  "propertyNames",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
]);

/** Keywords whose value is an array of schemas. */
const SCHEMA_ARRAY_VALUED = new Set(["allOf", "anyOf", "oneOf", "prefixItems"]);

/**
 * Keywords whose value maps names to schemas. `dependencies` values may also be string arrays
 * (draft 4 property dependencies); those are data and are copied as such.
 */
const SCHEMA_MAP_VALUED = new Set(["properties", "patternProperties", "definitions", "$defs", "dependentSchemas", "dependencies"]);

/**
 * OpenAPI 3.0 / Swagger 2.0 Schema Object fields that are not JSON Schema draft 4 keywords
 * (OpenAPI 3.0.3 and Swagger 2.0, "Schema Object" fixed fields); none of them asserts anything
 * in a validator. `nullable` is applied before it is dropped.
 */
const OPENAPI_ONLY = new Set(["nullable", "discriminator", "example", "readOnly", "writeOnly", "xml", "externalDocs", "deprecated"]);

/**
 * OpenAPI 3.1 Schema Object additions to 2020-12 (OpenAPI 3.1.0, "Schema Object" fixed fields),
 * plus the 3.0 `example` and `nullable` that documents upgraded to 3.1 often keep. `readOnly`,
 * `writeOnly` and `deprecated` are 2020-12 meta-data keywords and stay.
 */
const OPENAPI_31_ONLY = new Set(["nullable", "discriminator", "example", "xml", "externalDocs"]);

/**
 * Returns a normalised deep copy of `schema` for the validator dialect that `from` maps to:
 * `draft-04` for OpenAPI 3.0, Swagger 2.0 and API Gateway models, `2020-12` for OpenAPI 3.1.
 *
 * - OpenAPI 3.0 / Swagger 2.0: `nullable: true` next to `type` adds `"null"` to `type` and, when
 *   an `enum` is present, `null` to the `enum`; without `type` it has no effect (OpenAPI 3.0.3:
 *   "only if type is explicitly defined within the same Schema Object"). OpenAPI-only keywords
 *   and `x-*` extensions are dropped. Draft 4 boolean `exclusiveMinimum/Maximum` stay; one
 *   without its `minimum`/`maximum` is dropped (it has no effect, and the draft 4 metaschema
 *   would reject the schema). Swagger 2.0's `type: "file"` (formData only) is dropped.
 * - OpenAPI 3.1: `example`, `discriminator`, `xml`, `externalDocs` and `x-*` are dropped;
 *   2020-12 keywords stay. A left-over 3.0 `nullable` is treated as in 3.0, because ajv
 *   otherwise gives it that meaning or throws when `type` is missing.
 * - draft-04 (API Gateway model documents): `nullable` is not a draft 4 keyword, so it is
 *   dropped without effect (ajv would otherwise apply OpenAPI semantics).
 * - All but OpenAPI 3.1: in a schema object with a string `$ref`, every other member except
 *   `definitions` is dropped, because draft 4 and OpenAPI 3.0 / 2.0 ignore them and ajv 8 does
 *   not (JSON-Schema-Test-Suite draft4 `ref.json`, "ref overrides any sibling keywords"). So
 *   `{ "$ref": …, "nullable": true }` stays non-nullable, as OpenAPI 3.0 specifies.
 *
 * Pure: the input is never mutated. `$ref`s are copied as they are. Cyclic or shared input
 * nodes (a dereferenced document) are reproduced as cyclic or shared output nodes.
 */
export function normaliseSchema(schema: unknown, from: SchemaSourceDialect): unknown {
  return new SchemaNormaliser(from).schema(schema);
}

/** One normalisation run; the maps give each input node exactly one output node. */
class SchemaNormaliser {
  readonly #from: SchemaSourceDialect;
  /** Input schema object → its output copy, so cycles terminate and sharing is kept. */
  readonly #schemas = new WeakMap<object, unknown>();
  /** Input data value (enum, default, …) → its copy; kept apart from #schemas because the same
   * object could in theory sit in both a schema and a data position. */
  readonly #data = new WeakMap<object, unknown>();

  constructor(from: SchemaSourceDialect) {
    this.#from = from;
  }

  /** A value in schema position: an object, a boolean (2020-12), or anything else copied as data. */
  schema(node: unknown): unknown {
    if (!isPlainObject(node)) return this.data(node);
    const known = this.#schemas.get(node);
    if (known !== undefined) return known;
    const out: Record<string, unknown> = {};
    // Registered before the children are visited, so a cycle back to `node` finds `out`.
    this.#schemas.set(node, out);
    // Draft 4 and OpenAPI 3.0 / 2.0 ignore every member next to "$ref" (JSON Reference,
    // draft-pbryan-zyp-json-ref-03 §3: "Any members other than "$ref" … SHALL be ignored";
    // OpenAPI 3.0.3 Reference Object), but ajv 8 evaluates them. `definitions` stays because
    // JSON pointers may still point into it.
    const refOnly = this.#from !== "openapi-3.1" && typeof node.$ref === "string";
    for (const [key, value] of Object.entries(node)) {
      if (refOnly && key !== "$ref" && key !== "definitions") continue;
      if (this.#drops(key, value, node)) continue;
      setOwn(out, key, this.#keyword(key, value));
    }
    if (node.nullable === true && this.#from !== "draft-04") addNull(out);
    return out;
  }

  /** A value in data position: copied verbatim (deep), cycles reproduced. */
  data(value: unknown): unknown {
    if (value === null || typeof value !== "object") return value;
    const known = this.#data.get(value);
    if (known !== undefined) return known;
    if (Array.isArray(value)) {
      const out: unknown[] = [];
      this.#data.set(value, out);
      for (const item of value) out.push(this.data(item));
      return out;
    }
    const out: Record<string, unknown> = {};
    this.#data.set(value, out);
    for (const [key, item] of Object.entries(value)) setOwn(out, key, this.data(item));
    return out;
  }

  #keyword(key: string, value: unknown): unknown {
    if (SCHEMA_VALUED.has(key)) {
      return Array.isArray(value) ? this.#schemaArray(value) : this.schema(value);
    }
    if (SCHEMA_ARRAY_VALUED.has(key)) {
      return Array.isArray(value) ? this.#schemaArray(value) : this.data(value);
    }
    if (SCHEMA_MAP_VALUED.has(key) && isPlainObject(value)) {
      const known = this.#data.get(value);
      if (known !== undefined) return known;
      const out: Record<string, unknown> = {};
      this.#data.set(value, out);
      for (const [name, sub] of Object.entries(value)) {
        // Draft 4 property dependencies are string arrays, i.e. data.
        setOwn(out, name, Array.isArray(sub) ? this.data(sub) : this.schema(sub));
      }
      return out;
    }
    return this.data(value);
  }

  #schemaArray(value: readonly unknown[]): unknown[] {
    const known = this.#data.get(value);
    if (known !== undefined) return known as unknown[];
    const out: unknown[] = [];
    this.#data.set(value, out);
    for (const item of value) out.push(this.schema(item));
    return out;
  }

  /** Whether `key` of a schema object is left out of the output for this dialect. */
  #drops(key: string, value: unknown, node: Record<string, unknown>): boolean {
    switch (this.#from) {
      case "draft-04":
        return key === "nullable";
      case "openapi-3.1":
        return key.startsWith("x-") || OPENAPI_31_ONLY.has(key);
      case "openapi-3.0":
      case "swagger-2.0":
        if (key.startsWith("x-") || OPENAPI_ONLY.has(key)) return true;
        if (key === "exclusiveMinimum" && typeof value === "boolean") return node.minimum === undefined;
        if (key === "exclusiveMaximum" && typeof value === "boolean") return node.maximum === undefined;
        return key === "type" && value === "file";
    }
  }
}

/**
 * Applies `nullable: true` to an output schema: `"null"` joins `type`, and `null` joins `enum`
 * (an enum would otherwise still reject the null that `nullable` admits). New arrays are built
 * because `out.type`/`out.enum` may be copies shared with other output nodes.
 */
function addNull(out: Record<string, unknown>): void {
  const type = out.type;
  if (typeof type === "string") {
    if (type !== "null") out.type = [type, "null"];
  } else if (Array.isArray(type)) {
    if (!type.includes("null")) out.type = [...type, "null"];
  } else {
    return;
  }
  if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/** Defines an own property; plain assignment would turn a `__proto__` key into a prototype change. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * JSON Schema → ajv standalone validator code (STYLE.md §5: validators are compiled at build time,
 * never handed to ajv at start-up).
 *
 * One ajv instance per module. Shared definitions (a document's component schemas, already
 * normalised by `passes/normalise/schema-dialect.ts`) are registered once in one shared schema and referenced with
 * `inlineRefs: false`, so each definition becomes one function that every validator calls;
 * identical entry schemas compile to one function exported under several names. TOOLCHAIN.md
 * "Validators" measured the alternative, per-operation inlining, 15× slower and far larger.
 *
 * Reference form for shared definitions — see {@link definitionRef}:
 *
 *     { "$ref": "defs.json#/definitions/<name>" }
 *
 * `<name>` is the definition's key, escaped as an RFC 6901 token (`~` → `~0`, `/` → `~1`) and then
 * percent-encoded with `encodeURIComponent` (RFC 6901 §6, URI fragment representation).
 * Pointers below a definition (`defs.json#/definitions/Pet/properties/tag`) also resolve. Inside a
 * definition, `#/definitions/<name>` means the same thing, because the definition lives at that
 * pointer of the shared `defs.json` schema. Entry schemas and definitions must not set a root
 * `$id`/`id`: the shared schema's id `defs.json` is relative (TOOLCHAIN.md: an id containing ":"
 * is read as a URI scheme and breaks relative refs), so it resolves only against relative bases.
 *
 * Getting errors: each export is ajv's validate function, `(data: unknown) => boolean`. When it
 * returns false, the function's own `errors` property holds ajv `ErrorObject[]` (with
 * `allErrors: false`, the first failing keyword, plus the failures collected inside an
 * `anyOf`/`oneOf` it belongs to); it is `null` after a successful call. Read it synchronously,
 * right after the call: de-duplicated exports share one function object and so one `errors` slot.
 */
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import ajvStandalone from "ajv/dist/standalone/index.js";
import type { AnySchema, Options } from "ajv/dist/core.js";
import { compareStrings } from "../util/order.js";
import { escapeToken } from "../util/json-pointer.js";

/** One validator to export: `id` becomes the export name, so it must be a JS identifier. */
export interface ValidatorSchema {
  /** Export name; matches `/^[A-Za-z_][A-Za-z0-9_]*$/`, not `__proto__` or `__esModule`. */
  id: string;
  /** The JSON Schema, already normalised to the module's dialect. No cycles: use `$ref`s. */
  schema: unknown;
}

/** Everything one validator module is compiled from. */
export interface ValidatorModuleInput {
  /** JSON Schema dialect of every schema: REST models are draft 4, OpenAPI 3.1 is 2020-12. */
  dialect: "draft-04" | "2020-12";
  /**
   * Shared definitions, name → schema (already normalised), added to ajv once as the schema
   * `defs.json` = `{ "definitions": { <name>: schema } }`. Reference them with
   * {@link definitionRef}: `"$ref": "defs.json#/definitions/<escaped name>"`.
   */
  definitions: Readonly<Record<string, unknown>>;
  /** One exported validate function per entry, in this order; ids must be unique. */
  schemas: readonly ValidatorSchema[];
  /**
   * Documents that `$ref`s name by absolute URI, URI → schema, added to ajv before anything is
   * compiled so the refs resolve at build time (never fetched): API Gateway model URLs
   * (`https://apigateway.amazonaws.com/restapis/{id}/models/{name}`) or the JSON Schema Test
   * Suite's `http://localhost:1234/…` remotes. A remote carrying a `$schema` must use the module's
   * dialect (ajv validates it against that metaschema).
   */
  remotes?: Readonly<Record<string, unknown>>;
}

/** ajv key and `$id`-less base URI of the shared definitions schema; relative, so no ":". */
export const SHARED_DEFINITIONS_ID = "defs.json";

/** Export names: JS identifiers, minus the two that would change the module object itself. */
const EXPORT_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const RESERVED_EXPORT_NAMES = new Set(["__proto__", "__esModule"]);

/**
 * Formats JSON Schema draft 4 defines (draft-fge-json-schema-validation-00 §7.3), the only ones
 * validated. Any other format (OpenAPI's int32, int64, double, byte, …) is ignored, not an error.
 */
const DRAFT_04_FORMATS = ["date-time", "email", "hostname", "ipv4", "ipv6", "uri"] as const;

/** The `$ref` that points at shared definition `name` (see the module comment for the form). */
export function definitionRef(name: string): string {
  return `${SHARED_DEFINITIONS_ID}#/definitions/${encodeURIComponent(escapeToken(name))}`;
}

/**
 * Compiles `input` to the source of ONE CommonJS module (ajv standalone output) that exports one
 * validate function per `input.schemas` entry, `exports.<id>`. Deterministic: the same input
 * gives the same bytes; definition and remote order and object key order do not matter (keys are
 * sorted before compiling), entry order does. The source ends with a newline and carries no
 * header (the caller adds the generated-file header).
 *
 * Formats: draft-04 asserts the six formats draft 4 defines (date-time, email, hostname, ipv4,
 * ipv6, uri) and ignores any other (int32, int64, double, …); 2020-12 treats `format` as an
 * annotation, as that draft specifies by default.
 *
 * The module `require`s ajv's runtime helpers (`ajv/dist/runtime/*`) and, for function-valued
 * formats, `ajv-formats/dist/formats`; both resolve wherever the `ajv` and `ajv-formats`
 * dependencies do.
 *
 * Throws a TypeError for an invalid or duplicate id or a schema that is not JSON data (cyclic,
 * functions, …), and an Error naming the definition or export ids when ajv rejects a schema
 * (invalid against the metaschema, unresolvable `$ref`, bad pattern); ajv's error is the cause.
 */
export function emitValidatorModule(input: ValidatorModuleInput): string {
  checkIds(input.schemas);
  const ajv = createAjv(input.dialect);

  const remotes = input.remotes ?? {};
  for (const uri of Object.keys(remotes).sort(compareStrings)) {
    const { copy } = canonicalCopy(remotes[uri], `remote ${uri}`);
    attempt(`remote ${JSON.stringify(uri)}`, () => ajv.addSchema(copy as AnySchema, uri));
  }

  const names = Object.keys(input.definitions).sort(compareStrings);
  if (names.length > 0) {
    const definitions: Record<string, unknown> = {};
    for (const name of names) {
      setOwn(definitions, name, canonicalCopy(input.definitions[name], `definition ${name}`).copy);
    }
    attempt(`shared definitions`, () => ajv.addSchema({ definitions }, SHARED_DEFINITIONS_ID));
    // getSchema caches the resolved definition in ajv.refs under its ref, so every validator
    // that refs it reuses one compiled function. Without this, ajv resolves the pointer afresh
    // for each root schema and compiles the definition once per validator that uses it.
    for (const name of names) {
      attempt(`definition ${JSON.stringify(name)}`, () => ajv.getSchema(definitionRef(name)));
    }
  }

  // Identical schemas (after key sorting) compile once; later ids become aliases.
  const keyOfSchema = new Map<string, string>();
  const exportsToCompile: Record<string, string> = {};
  const aliases: Array<{ alias: string; of: string }> = [];
  for (const { id, schema } of input.schemas) {
    const { copy, key } = canonicalCopy(schema, `validator ${id}`);
    const first = keyOfSchema.get(key);
    if (first !== undefined) {
      aliases.push({ alias: id, of: first });
      continue;
    }
    keyOfSchema.set(key, id);
    // The id doubles as the ajv key and, without a root `$id`, the base URI: a relative URI
    // without ":" that "defs.json#/…" resolves against to itself.
    attempt(`validator ${id}`, () => ajv.addSchema(copy as AnySchema, id));
    attempt(`validator ${id}`, () => ajv.getSchema(id));
    exportsToCompile[id] = id;
  }

  let source = ajvStandalone.default(ajv, exportsToCompile);
  // ajv's multi-export mode re-emits a root function exported twice, so aliases are added here.
  for (const { alias, of } of aliases) source += `\nexports.${alias} = exports.${of};`;
  return source.endsWith("\n") ? source : `${source}\n`;
}

/**
 * The ajv runtime helpers that standalone code `require`s, each with the name `gwc/runtime`
 * exports it under (runtime/validation/ajv-runtime.ts). Going through the runtime means a
 * generated folder imports nothing but `gwc/runtime`, `node:` built-ins and its own files, so it
 * runs wherever gwc's runtime resolves (ajv is a dependency of gwc, not of the user's project).
 */
export const AJV_RUNTIME_IMPORTS: Readonly<Record<string, string>> = {
  'require("ajv/dist/runtime/equal").default': "ajvEqual",
  'require("ajv/dist/runtime/ucs2length").default': "ajvUcs2length",
  'require("ajv/dist/runtime/uri").default': "ajvUri",
  'require("ajv/dist/runtime/validation_error").default': "AjvValidationError",
  'require("ajv-formats/dist/formats").fullFormats': "ajvFullFormats",
};

/**
 * Turns the CommonJS module of {@link emitValidatorModule} into an ES module: the ajv helpers
 * come from `gwc/runtime` ({@link AJV_RUNTIME_IMPORTS}), `exports.<id> = f;` lines become one
 * `export { … }` list (aliases included). Throws on a `require` it does not know, so a new ajv
 * helper is found at build time, not when the gateway starts.
 */
export function toEsmValidatorModule(cjs: string): string {
  const used = new Set<string>();
  let body = cjs.replace(/^"use strict";\n/m, "");
  for (const [call, name] of Object.entries(AJV_RUNTIME_IMPORTS)) {
    if (!body.includes(call)) continue;
    used.add(name);
    body = body.split(call).join(name);
  }
  const unknown = /require\([^)]*\)/.exec(body);
  if (unknown) throw new Error(`validator module needs ${unknown[0]}, which gwc/runtime does not provide`);
  const exported = new Map<string, string>();
  body = body.replace(/^exports\.([A-Za-z_][A-Za-z0-9_]*) = (exports\.)?([A-Za-z_][A-Za-z0-9_]*);\n?/gm, (_m, id: string, alias: string | undefined, target: string) => {
    exported.set(id, alias ? exported.get(target)! : target);
    return "";
  });
  if (/^(module\.)?exports\b/m.test(body)) throw new Error("validator module has an export gwc cannot convert");
  const imports = used.size > 0 ? `import { ${[...used].sort(compareStrings).join(", ")} } from "gwc/runtime";\n` : "";
  const list = [...exported].map(([id, fn]) => (id === fn ? id : `${fn} as ${id}`));
  return `${imports}${body.endsWith("\n") ? body : body + "\n"}\nexport { ${list.join(", ")} };\n`;
}

/** The ajv instance for `dialect`, configured as TOOLCHAIN.md "Validators" prescribes. */
function createAjv(dialect: ValidatorModuleInput["dialect"]): Ajv2020 | InstanceType<typeof ajvDraft04.default> {
  const options: Options = {
    code: { source: true, lines: true },
    allErrors: false,
    // OpenAPI documents carry many keywords ajv does not know; strict mode would throw on them.
    strict: false,
    // One function per definition instead of copies inlined at each use (TOOLCHAIN.md).
    inlineRefs: false,
    // With strict off ajv logs each unknown format (int32, int64, …) via console.warn; the
    // compiler prints only through its diagnostics, and an unknown format is not a problem.
    logger: false,
    // `required`/`properties` test own properties only: otherwise `{}` satisfies
    // `required: ["constructor"]` through Object.prototype (JSON-Schema-Test-Suite
    // `required.json`, "required properties whose names are Javascript object property names").
    ownProperties: true,
  };
  if (dialect === "2020-12") {
    // 2020-12 `format` is an annotation unless a metaschema asks for the format-assertion
    // vocabulary (JSON Schema Validation 2020-12 §7.2.1; test suite draft2020-12 `format.json`).
    return new Ajv2020({ ...options, validateFormats: false });
  }
  const ajv = new ajvDraft04.default(options);
  // Draft 4 asserts `format` (draft-fge-json-schema-validation-00 §7). `full` mode: date-time
  // needs a time zone and uri is checked against RFC 3986, as the definitions (RFC 3339,
  // RFC 3986) require.
  ajvFormats.default(ajv, { mode: "full", formats: [...DRAFT_04_FORMATS], keywords: false });
  return ajv;
}

function checkIds(schemas: readonly ValidatorSchema[]): void {
  const seen = new Set<string>();
  for (const { id } of schemas) {
    if (!EXPORT_NAME.test(id) || RESERVED_EXPORT_NAMES.has(id)) {
      throw new TypeError(`validator id ${JSON.stringify(id)} is not a usable export name (${EXPORT_NAME.source})`);
    }
    if (seen.has(id)) throw new TypeError(`validator id ${JSON.stringify(id)} is used twice`);
    seen.add(id);
  }
}

/** Runs an ajv call, re-throwing its error with the thing being compiled named first. */
function attempt(what: string, run: () => unknown): void {
  try {
    run();
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new Error(`${what}: ${message}`, { cause });
  }
}

/**
 * A deep copy of JSON data with object keys in code-unit order, and a canonical text of it used
 * as the de-duplication key. Unlike `JSON.stringify`, the key keeps `Infinity` (YAML `.inf`)
 * apart from `null`. Throws on cycles and non-JSON values, which ajv cannot compile.
 */
function canonicalCopy(value: unknown, what: string): { copy: unknown; key: string } {
  const ancestors = new Set<object>();
  const visit = (node: unknown, pointer: string): { copy: unknown; key: string } => {
    switch (typeof node) {
      case "string":
        return { copy: node, key: JSON.stringify(node) };
      case "number":
        return { copy: node, key: String(node) };
      case "boolean":
        return { copy: node, key: String(node) };
      case "object":
        break;
      default:
        throw new TypeError(`${what}: ${typeof node} at "${pointer}" is not JSON data`);
    }
    if (node === null) return { copy: null, key: "null" };
    if (ancestors.has(node)) {
      throw new TypeError(`${what}: cycle at "${pointer}"; express recursion with "$ref"`);
    }
    ancestors.add(node);
    let result: { copy: unknown; key: string };
    if (Array.isArray(node)) {
      const items = node.map((item: unknown, i) => visit(item === undefined ? null : item, `${pointer}/${i}`));
      result = { copy: items.map((c) => c.copy), key: `[${items.map((c) => c.key).join(",")}]` };
    } else {
      const copy: Record<string, unknown> = {};
      const parts: string[] = [];
      const record = node as Record<string, unknown>;
      for (const key of Object.keys(record).sort(compareStrings)) {
        if (record[key] === undefined) continue;
        const child = visit(record[key], `${pointer}/${escapeToken(key)}`);
        setOwn(copy, key, child.copy);
        parts.push(`${JSON.stringify(key)}:${child.key}`);
      }
      result = { copy, key: `{${parts.join(",")}}` };
    }
    ancestors.delete(node);
    return result;
  };
  return visit(value, "");
}

/** Defines an own property; plain assignment would turn a `__proto__` key into a prototype change. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

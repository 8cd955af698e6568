// Case 7 (in-process): gwc's generated validators (ajv standalone, compiled at build time) vs ajv
// compiling the same schemas at run time, on schemas of the corpus specs. Runs under tsx (it
// calls the compiler): node --import tsx test/bench/lib/inproc.mjs <workDir> <msPerRep> <reps>
// Prints one BENCH_JSON line.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import path from "node:path";
import { performance } from "node:perf_hooks";
import yaml from "yaml";
import { Ajv2020 } from "ajv/dist/2020.js";
import ajvDraft04 from "ajv-draft-04";
import ajvFormats from "ajv-formats";
import { build } from "../../../compiler/build.ts";
import { writeToDisk } from "../../../compiler/emit/output.ts";
import { definitionRef } from "../../../compiler/emit/validator-module.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const LARGE = path.resolve(ROOT, "test/corpus/openapi/large");
const [workDir, msArg, repsArg] = process.argv.slice(2);
const MS = Number(msArg ?? 300);
const REPS = Number(repsArg ?? 3);

/** Corpus schemas measured: request bodies users validate, from four real specs. */
const PICKS = [
  { api: "openai", file: "openai-openapi.yaml", schemas: ["CreateChatCompletionRequest", "CreateEmbeddingRequest"] },
  { api: "github", file: "github-api.github.com.2020-08.json", schemas: ["issue"] },
  { api: "stripe", file: "stripe-spec3.2022-04-12.json", schemas: ["price"] },
  { api: "kubernetes", file: "kubernetes-swagger.json.unprocessed.json", schemas: ["io.k8s.api.core.v1.Pod"] },
];

/** An API folder whose only routes are validated POSTs (MOCK) with the picked schemas as bodies. */
function writeSpec(dir, pick) {
  const text = readFileSync(path.join(LARGE, pick.file), "utf8");
  const src = pick.file.endsWith(".yaml") ? yaml.parse(text) : JSON.parse(text);
  const integration = { type: "mock", requestTemplates: { "application/json": '{"statusCode": 200}' }, responses: { default: { statusCode: "200" } } };
  const paths = {};
  let doc;
  if (src.swagger) {
    pick.schemas.forEach((name, i) => {
      paths[`/v${i}`] = { post: { operationId: `v${i}`, consumes: ["application/json"], "x-amazon-apigateway-request-validator": "body",
        parameters: [{ in: "body", name: "body", required: true, schema: { $ref: `#/definitions/${name}` } }],
        responses: { 200: { description: "OK" } }, "x-amazon-apigateway-integration": integration } };
    });
    doc = { swagger: "2.0", info: { title: pick.api, version: "1" }, "x-amazon-apigateway-request-validators": { body: { validateRequestBody: true } }, paths, definitions: src.definitions };
  } else {
    pick.schemas.forEach((name, i) => {
      paths[`/v${i}`] = { post: { operationId: `v${i}`, "x-amazon-apigateway-request-validator": "body",
        requestBody: { required: true, content: { "application/json": { schema: { $ref: `#/components/schemas/${name}` } } } },
        responses: { 200: { description: "OK" } }, "x-amazon-apigateway-integration": integration } };
    });
    doc = { openapi: src.openapi, info: { title: pick.api, version: "1" }, "x-amazon-apigateway-request-validators": { body: { validateRequestBody: true } }, paths, components: { schemas: src.components.schemas } };
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "openapi.json"), JSON.stringify(doc));
}

/** The compiler's reference rewrite (compiler/emit/validators.ts), for the run-time side. */
function rewriteRefs(node) {
  if (Array.isArray(node)) return node.map(rewriteRefs);
  if (node === null || typeof node !== "object") return node;
  const out = {};
  for (const [k, v] of Object.entries(node)) {
    if (k === "$ref" && typeof v === "string" && v.startsWith("#/models/")) out.$ref = definitionRef(v.slice("#/models/".length));
    else if (k === "$schema" || (k === "id" && typeof v === "string")) continue;
    else out[k] = rewriteRefs(v);
  }
  return out;
}

/** What a generic gateway does at start-up: one ajv, the definitions added, each body schema compiled. */
function runtimeAjv(api, ids) {
  const options = { allErrors: false, strict: false, inlineRefs: false, logger: false, ownProperties: true };
  let ajv;
  if (api.schemaDialect === "2020-12") ajv = new Ajv2020({ ...options, validateFormats: false });
  else {
    ajv = new ajvDraft04.default(options);
    ajvFormats.default(ajv, { mode: "full", formats: ["date-time", "email", "hostname", "ipv4", "ipv6", "uri"], keywords: false });
  }
  const definitions = {};
  for (const m of api.models) if (m.shared) definitions[m.id] = rewriteRefs(m.schema);
  ajv.addSchema({ definitions }, "defs.json");
  const out = {};
  for (const id of ids) {
    const m = api.models.find((x) => x.id === id);
    out[id] = ajv.compile(m.shared ? { $ref: definitionRef(id) } : rewriteRefs(m.schema));
  }
  return { validators: out, definitions };
}

/** Resolves `defs.json#/definitions/<name>/…` in the shared definitions. */
function resolve(ref, definitions) {
  const hash = ref.indexOf("#");
  const tokens = ref.slice(hash + 2).split("/").map((t) => decodeURIComponent(t).replace(/~1/g, "/").replace(/~0/g, "~"));
  let node = { definitions };
  for (const t of tokens) node = node?.[t];
  return node;
}

const FORMATS = { "date-time": "2024-01-02T03:04:05Z", email: "a@example.com", uri: "https://example.com/x", hostname: "example.com", ipv4: "127.0.0.1", ipv6: "::1", date: "2024-01-02", uuid: "0b8e1b7e-7c1f-4d43-9d8a-3c0c8c5b1e0a" };

/** A sample instance: every property down to `full` levels, required ones below; first choices. */
function sample(schema, definitions, depth, full, seen = new Set()) {
  if (schema === true || schema === undefined || schema === null) return "x";
  if (schema.$ref) {
    if (seen.has(schema.$ref) && depth > 6) return undefined;
    const next = new Set(seen).add(schema.$ref);
    return sample(resolve(schema.$ref, definitions), definitions, depth, full, next);
  }
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum.find((v) => v !== null) ?? schema.enum[0];
  if (schema.allOf) {
    const parts = schema.allOf.map((s) => sample(s, definitions, depth, full, seen));
    return parts.every((p) => p && typeof p === "object" && !Array.isArray(p)) ? Object.assign({}, ...parts) : parts[0];
  }
  const alt = schema.anyOf ?? schema.oneOf;
  if (alt) return sample(alt.find((s) => !(s && s.type === "null")) ?? alt[0], definitions, depth, full, seen);
  let type = Array.isArray(schema.type) ? schema.type.find((t) => t !== "null") : schema.type;
  if (!type) type = schema.properties ? "object" : schema.items ? "array" : "string";
  switch (type) {
    case "object": {
      const out = {};
      const required = new Set(schema.required ?? []);
      for (const [k, s] of Object.entries(schema.properties ?? {})) {
        if (!required.has(k) && depth >= full) continue;
        const v = sample(s, definitions, depth + 1, full, seen);
        if (v !== undefined) out[k] = v;
      }
      return out;
    }
    case "array": {
      if (depth >= full && !(schema.minItems > 0)) return [];
      const item = sample(schema.items ?? {}, definitions, depth + 1, full, seen);
      return item === undefined ? [] : [item];
    }
    case "integer":
      return Math.max(schema.minimum ?? 1, Math.min(schema.maximum ?? 1, 1));
    case "number":
      return Math.max(schema.minimum ?? 0.5, Math.min(schema.maximum ?? 0.5, 0.5));
    case "boolean":
      return true;
    case "null":
      return null;
    default: {
      let s = FORMATS[schema.format] ?? "sample";
      if (schema.minLength && s.length < schema.minLength) s = s.padEnd(schema.minLength, "x");
      if (schema.maxLength !== undefined && s.length > schema.maxLength) s = s.slice(0, schema.maxLength);
      return s;
    }
  }
}

/** Calls per second of `fn(data)` over `ms`, in batches. */
function opsPerSec(fn, data, ms) {
  let n = 0;
  const end = performance.now() + ms;
  let now;
  do {
    for (let i = 0; i < 200; i++) fn(data);
    n += 200;
    now = performance.now();
  } while (now < end);
  return n / ((ms + (now - end)) / 1000);
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

rmSync(workDir, { recursive: true, force: true });
const results = [];
for (const pick of PICKS) {
  const specDir = path.join(workDir, "specs", pick.api);
  writeSpec(specDir, pick);
  const outRel = path.relative(ROOT, path.join(workDir, "generated"));
  const built = await build({ root: ROOT, specsDir: specDir, outDir: outRel });
  const api = built.apis[0];
  if (built.hasErrors || !api) {
    results.push({ api: pick.api, error: built.diagnostics.filter((d) => d.severity === "error").slice(0, 3).map((d) => `${d.code} ${d.message}`).join("; ") });
    continue;
  }
  writeToDisk(ROOT, built.files, built.outDirs);
  const routeModel = new Map(api.routes.map((r) => [r.routeKey, r.bodyModels[0]?.modelId]));
  const ids = pick.schemas.map((_, i) => routeModel.get(`POST /v${i}`));
  const file = path.join(ROOT, built.outDirs[0], "validators.mjs");
  let t = performance.now();
  const standalone = await import(pathToFileURL(file).href);
  const loadMs = performance.now() - t;
  t = performance.now();
  const { validators: runtime, definitions } = runtimeAjv(api, ids);
  const compileMs = performance.now() - t;
  pick.schemas.forEach((name, i) => {
    const id = ids[i];
    const row = { api: pick.api, schema: name, dialect: api.schemaDialect, standaloneLoadMs: loadMs, runtimeCompileMs: compileMs, moduleBytes: readFileSync(file).length };
    const schema = { $ref: definitionRef(id) };
    const candidates = [sample(schema, definitions, 0, 3), sample(schema, definitions, 0, 1), sample(schema, definitions, 0, 0)];
    const data = candidates.find((d) => runtime[id](d) === true);
    if (data === undefined) {
      row.error = "no valid sample instance could be generated";
      results.push(row);
      return;
    }
    if (standalone[id](data) !== true) row.disagree = true;
    row.sampleBytes = JSON.stringify(data).length;
    const a = [];
    const b = [];
    opsPerSec(standalone[id], data, MS / 3);
    opsPerSec(runtime[id], data, MS / 3);
    for (let r = 0; r < REPS; r++) {
      if (r % 2 === 0) {
        a.push(opsPerSec(standalone[id], data, MS));
        b.push(opsPerSec(runtime[id], data, MS));
      } else {
        b.push(opsPerSec(runtime[id], data, MS));
        a.push(opsPerSec(standalone[id], data, MS));
      }
    }
    Object.assign(row, {
      standaloneOps: { median: median(a), min: Math.min(...a), max: Math.max(...a) },
      runtimeOps: { median: median(b), min: Math.min(...b), max: Math.max(...b) },
    });
    results.push(row);
  });
}
process.stdout.write(`BENCH_JSON ${JSON.stringify(results)}\n`);

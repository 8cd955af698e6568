import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { compileTemplate, HELPERS_NAME } from "../../../compiler/vtl/compile.js";
import { createVtlScope, readOverrides, vtl, type VtlRequest, type VtlTemplate } from "../../../runtime/vtl/index.js";

/** A vector of test/corpus/vtl/vectors.json (fields: test/corpus/vtl/README.md). */
export interface VtlVector {
  readonly name: string;
  readonly tier: "aws-recorded" | "aws-docs" | "localstack-unit";
  readonly harness: "single" | "request-echo-response" | "mock-request-response";
  readonly template: string;
  readonly responseTemplate?: string | null;
  readonly input: {
    readonly body: string | null;
    readonly headers: Record<string, string>;
    readonly query: Record<string, string>;
    readonly path: Record<string, string>;
    readonly context: Record<string, unknown>;
    readonly stageVariables: Record<string, string>;
  };
  readonly expected: { readonly body: unknown; readonly statusCode?: number; readonly headers?: Record<string, string> };
  readonly compare: "exact" | "json";
}

const corpus = new URL("../../corpus/vtl/", import.meta.url);

/** The vectors, in file order. */
export function loadVectors(): readonly VtlVector[] {
  return (JSON.parse(readFileSync(new URL("vectors.json", corpus), "utf8")) as { vectors: VtlVector[] }).vectors;
}

/** The `$util` cases of util-functions.localstack-unit.json. */
export function loadUtilCases(): readonly { readonly fn: string; readonly arg: string; readonly expected: unknown }[] {
  return (JSON.parse(readFileSync(new URL("util-functions.localstack-unit.json", corpus), "utf8")) as { cases: { fn: string; arg: string; expected: unknown }[] }).cases;
}

const compiled = new Map<string, VtlTemplate>();

/** Compiles a template once and turns its source into a function (test code only: the gateway imports generated modules). */
export function compileForTest(text: string): VtlTemplate {
  let fn = compiled.get(text);
  if (fn === undefined) {
    const result = compileTemplate(text);
    if ("error" in result) throw new Error(`compile error at ${result.error.line}:${result.error.column}: ${result.error.message}`);
    fn = new Function(HELPERS_NAME, `return ${result.source};`)(vtl) as VtlTemplate;
    compiled.set(text, fn);
  }
  return fn;
}

/** What a harness produced: the final body, status and response headers. */
export interface VtlOutcome {
  readonly body: string;
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
}

function request(input: VtlVector["input"], body: string | null): VtlRequest {
  return { body, headers: input.headers, query: input.query, path: input.path, context: input.context, stageVariables: input.stageVariables };
}

/** A MOCK integration's status from its rendered request template (`{"statusCode": N}`); 500 when there is none (reference §3). */
function mockStatus(rendered: string): number {
  try {
    const parsed: unknown = JSON.parse(rendered);
    const status = typeof parsed === "object" && parsed !== null ? Number((parsed as { statusCode?: unknown }).statusCode) : NaN;
    return Number.isInteger(status) ? status : 500;
  } catch {
    return 500;
  }
}

/** Runs a vector's harness as the corpus's top-level "harnesses" describes it. */
export function runVector(vector: VtlVector): VtlOutcome {
  const { input } = vector;
  if (vector.harness === "single") {
    const scope = createVtlScope(request(input, input.body));
    const body = compileForTest(vector.template)(scope);
    const overrides = readOverrides(scope.$context);
    return { body, statusCode: overrides.status ?? 200, headers: overrides.responseHeaders };
  }
  if (vector.harness === "request-echo-response") {
    const first = compileForTest(vector.template)(createVtlScope(request(input, input.body)));
    const scope = createVtlScope(request(input, first));
    const body = vector.responseTemplate == null ? first : compileForTest(vector.responseTemplate)(scope);
    return { body, statusCode: readOverrides(scope.$context).status ?? 200, headers: readOverrides(scope.$context).responseHeaders };
  }
  const requestScope = createVtlScope(request(input, input.body));
  const status = mockStatus(compileForTest(vector.template)(requestScope));
  let body = "";
  if (vector.responseTemplate != null) {
    body = compileForTest(vector.responseTemplate)(createVtlScope(request(input, ""), { context: requestScope.$context }));
  }
  const overrides = readOverrides(requestScope.$context);
  return { body, statusCode: overrides.status ?? status, headers: overrides.responseHeaders };
}

/** Why an outcome does not match the vector, or undefined when it does. */
export function mismatch(vector: VtlVector, outcome: VtlOutcome): string | undefined {
  const { expected } = vector;
  if (vector.compare === "exact") {
    if (outcome.body !== expected.body) return `body ${JSON.stringify(outcome.body)} is not ${JSON.stringify(expected.body)}`;
  } else {
    let parsed: unknown;
    try {
      parsed = JSON.parse(outcome.body);
    } catch {
      return `body is not JSON: ${JSON.stringify(outcome.body)}`;
    }
    if (!isDeepStrictEqual(parsed, expected.body)) return `body ${JSON.stringify(parsed)} is not ${JSON.stringify(expected.body)}`;
  }
  if (expected.statusCode !== undefined && outcome.statusCode !== expected.statusCode) return `status ${outcome.statusCode} is not ${expected.statusCode}`;
  for (const [name, value] of Object.entries(expected.headers ?? {})) {
    if (outcome.headers[name] !== value) return `header ${name} is ${JSON.stringify(outcome.headers[name])}, not ${JSON.stringify(value)}`;
  }
  return undefined;
}

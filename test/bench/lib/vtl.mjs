// Case 7b (in-process): a mapping template compiled by gwc (a JS function over runtime/vtl) vs velocityjs
// rendering the same template from its text, and from an AST parsed once, on corpus templates with their inputs.
// velocityjs gets $input as plain JS functions over the same body (parsed per render, as gwc's scope does).
// Runs under tsx (it calls the compiler): node --import tsx test/bench/lib/vtl.mjs <renders> <reps>
// Prints one BENCH_JSON line.
import velocity from "velocityjs";
import { compileTemplate, HELPERS_NAME } from "../../../compiler/vtl/compile.ts";
import { createVtlScope, vtl } from "../../../runtime/vtl/index.ts";
import { loadVectors } from "../../unit/vtl/harness.ts";

const [rendersArg, repsArg] = process.argv.slice(2);
const N = Number(rendersArg ?? 100_000);
const REPS = Number(repsArg ?? 3);

/** Corpus templates measured: a #foreach over a document, $input.path rendering, $input.params echo. */
const PICKS = ["awsdocs/models-example/photos/output-mapping", "aws/input-path-formatting/empty-body", "aws/mock-openapi-echo-param"];

const vectors = loadVectors();
const rows = [];
for (const name of PICKS) {
  const v = vectors.find((x) => x.name === name);
  if (!v) throw new Error(`no vector ${name}`);
  const compiled = compileTemplate(v.template);
  if (!("source" in compiled)) throw new Error(`${name} does not compile: ${compiled.error.message}`);
  const fn = new Function(HELPERS_NAME, `return ${compiled.source};`)(vtl);
  const request = { body: v.input.body, headers: v.input.headers, query: v.input.query, path: v.input.path };
  const context = () => {
    let parsed;
    const root = () => (parsed ??= JSON.parse(v.input.body ?? "{}"));
    const at = (p) => p.replace(/^\$\.?/, "").split(".").filter(Boolean).reduce((o, k) => (o == null ? undefined : o[k]), root());
    return {
      input: {
        body: v.input.body,
        path: at,
        json: (p) => JSON.stringify(at(p) ?? ""),
        params: (n) => (n === undefined ? { path: v.input.path, querystring: v.input.query, header: v.input.headers } : v.input.path[n] ?? v.input.query[n] ?? v.input.headers[n] ?? ""),
      },
      util: {},
    };
  };
  const ast = velocity.parse(v.template);
  const ways = {
    compiled: () => fn(createVtlScope(request)),
    velocityjs: () => velocity.render(v.template, context()),
    preparsed: () => new velocity.Compile(ast).render(context()),
  };
  const times = { compiled: [], velocityjs: [], preparsed: [] };
  for (let rep = 0; rep < REPS; rep++) {
    for (const [way, f] of Object.entries(ways)) {
      for (let i = 0; i < Math.min(2_000, N); i++) f();
      const t0 = process.hrtime.bigint();
      let length = 0;
      for (let i = 0; i < N; i++) length += f().length;
      times[way].push(Number(process.hrtime.bigint() - t0) / 1e3 / N);
      if (length === 0) throw new Error(`${name}: ${way} rendered nothing`);
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  rows.push({ template: name, compiledUs: median(times.compiled), velocityjsUs: median(times.velocityjs), preparsedUs: median(times.preparsed) });
}
process.stdout.write(`BENCH_JSON ${JSON.stringify(rows)}\n`);

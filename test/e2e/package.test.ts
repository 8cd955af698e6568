// gwc as its users get it: `npm pack`, the tarball installed into a new CommonJS project and a new ESM project
// (what `npm init -y` writes, and "type": "module"), then the README's commands there with `npx gwc`: build a
// spec whose TypeScript handler imports a package of the project, run the output with plain node and with
// gwc serve, bundle it, and run the bundle in an empty folder.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { request } from "undici";
import { REPO_ROOT } from "../helpers/gateway.js";
import { killAll, run, startServer, stop } from "../helpers/processes.js";

const NPM = "npm";

/** npm without audit and funding noise, using the local cache first (the suite runs after `npm ci`). */
const NPM_FLAGS = ["--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"];

const OPENAPI = `openapi: 3.0.1
info: { title: Greeter, version: "1.0" }
paths:
  /hello/{name}:
    get:
      parameters: [{ name: name, in: path, required: true, schema: { type: string } }]
      responses: { "200": { description: OK } }
      x-amazon-apigateway-integration:
        type: aws_proxy
        httpMethod: POST
        uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:Hello/invocations
  /greet:
    get:
      responses: { "200": { description: OK } }
      x-amazon-apigateway-integration:
        type: mock
        requestTemplates: { application/json: '{"statusCode": 200}' }
        responses:
          default:
            statusCode: "200"
            responseTemplates:
              application/json: '#set($who = $input.params(''who''))hi $who.toUpperCase() from $context.stage'
`;

/** A TypeScript handler that imports a CommonJS package of the project (bundled into the output at build time). */
const HANDLER = `import { shout } from "shout";
import type { LambdaHandler } from "gwc/runtime";

export const handler: LambdaHandler = async (event) => {
  const name = (event as { pathParameters: { name: string } }).pathParameters.name;
  return { statusCode: 200, headers: { "content-type": "text/plain" }, body: shout(\`hello \${name}\`) };
};
`;

async function getText(url: string): Promise<{ status: number; text: string }> {
  const res = await request(url);
  return { status: res.statusCode, text: await res.body.text() };
}

describe("gwc installed from npm pack", () => {
  const started: ChildProcess[] = [];
  let tmp: string;
  let tarball: string;

  before(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), "gwc-package-"));
    // Packed from a copy without dist/, so the tarball's runtime is the one `prepare` builds on
    // `npm pack`, and the repository's own dist/ (which the other tests load) is never rewritten.
    const source = path.join(tmp, "source");
    const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { files: string[] };
    for (const entry of ["package.json", ...pkg.files.filter((f) => !f.startsWith("dist/"))]) {
      cpSync(path.join(REPO_ROOT, entry), path.join(source, entry), { recursive: true });
    }
    symlinkSync(path.join(REPO_ROOT, "node_modules"), path.join(source, "node_modules"), "dir");
    const packed = await run(NPM, ["pack", "--pack-destination", tmp, "--loglevel=error"], { cwd: source, timeout: 120_000 });
    assert.equal(packed.code, 0, packed.stderr);
    const name = readdirSync(tmp).find((f) => f.endsWith(".tgz"));
    assert.ok(name, `npm pack wrote no tarball: ${packed.stdout}`);
    tarball = path.join(tmp, name);
    // The package a handler imports: CommonJS, requiring a built-in, as many npm packages are.
    mkdirSync(path.join(tmp, "shout"));
    writeFileSync(path.join(tmp, "shout", "package.json"), JSON.stringify({ name: "shout", version: "1.0.0", main: "index.js" }));
    writeFileSync(path.join(tmp, "shout", "index.js"), `const { EOL } = require("node:os");\nexports.shout = (s) => s.toUpperCase() + "!" + (EOL === "\\n" ? "" : EOL);\n`);
  });
  after(() => {
    killAll(started);
    rmSync(tmp, { recursive: true, force: true });
  });

  it("ships what users need and nothing of the test suite", async () => {
    const listed = await run("tar", ["-tzf", tarball], { cwd: tmp });
    assert.equal(listed.code, 0, listed.stderr);
    const files = listed.stdout.split("\n").filter(Boolean).map((f) => f.replace(/^package\//, ""));
    for (const needed of ["package.json", "README.md", "LICENSE", "compiler/gwc.mjs", "compiler/cli.ts", "compiler/runtime-hook.mjs", "compiler/templates/api-readme.md.hbs", "compiler/load/gateway.schema.json", "runtime/index.ts", "dist/runtime/index.js"]) {
      assert.ok(files.includes(needed), `${needed} is not in the package`);
    }
    for (const f of files) assert.doesNotMatch(f, /^(test|specs|generated|\.ci)\//, `${f} should not be in the package`);
  });

  for (const moduleType of ["commonjs", "module"] as const) {
    describe(`in a new project with "type": "${moduleType}"`, () => {
      let project: string;

      before(async () => {
        project = path.join(tmp, `project-${moduleType}`);
        mkdirSync(path.join(project, "specs", "greeter", "handlers"), { recursive: true });
        writeFileSync(path.join(project, "package.json"), JSON.stringify({ name: `app-${moduleType}`, version: "1.0.0", private: true, type: moduleType }, null, 2));
        writeFileSync(path.join(project, "specs", "greeter", "openapi.yaml"), OPENAPI);
        writeFileSync(path.join(project, "specs", "greeter", "handlers", "Hello.ts"), HANDLER);
        const installed = await run(NPM, ["install", tarball, path.join(tmp, "shout"), ...NPM_FLAGS], { cwd: project, timeout: 240_000 });
        assert.equal(installed.code, 0, installed.stderr);
      });

      it("builds the spec with npx gwc build specs/", async () => {
        const res = await run("npx", ["gwc", "build", "specs/"], { cwd: project, timeout: 60_000 });
        assert.equal(res.code, 0, res.stderr);
        assert.match(res.stderr, /gwc: built greeter/);
        // The handler's package is inside the output: nothing but gwc/runtime is imported from outside it.
        const handler = readFileSync(path.join(project, "generated", "greeter", "handlers", "Hello.mjs"), "utf8");
        assert.doesNotMatch(handler, /from "shout"|require\("shout"\)/);
        assert.match(handler, /toUpperCase/);
      });

      it("checks the output with npx gwc build specs/ --check", async () => {
        const res = await run("npx", ["gwc", "build", "specs/", "--check"], { cwd: project, timeout: 60_000 });
        assert.equal(res.code, 0, res.stderr);
      });

      it("runs the output with plain node", async () => {
        const server = await startServer(started, process.execPath, ["generated/greeter/server.mjs"], { cwd: project, env: { ...process.env, PORT: "0" } });
        assert.deepEqual(await getText(`${server.url}/hello/bo`), { status: 200, text: "HELLO BO!" });
        // A VTL mapping template, compiled by the installed gwc (velocityjs from the project's node_modules).
        assert.deepEqual(await getText(`${server.url}/greet?who=bo`), { status: 200, text: "hi BO from dev" });
        assert.equal(await stop(server.child), 0);
      });

      it("serves the output with the installed gwc serve", async () => {
        // The bin npx runs, started directly: npx does not pass SIGTERM on to the server it starts.
        const server = await startServer(started, path.join(project, "node_modules", ".bin", "gwc"), ["serve", "generated/greeter", "--port", "0"], { cwd: project });
        assert.deepEqual(await getText(`${server.url}/hello/serve`), { status: 200, text: "HELLO SERVE!" });
        // A REST API answers a path no route matches as API Gateway does.
        const miss = await getText(`${server.url}/nowhere`);
        assert.equal(miss.status, 403);
        assert.deepEqual(JSON.parse(miss.text), { message: "Missing Authentication Token" });
        assert.equal(await stop(server.child), 0);
      });

      it("bundles the output with npx gwc bundle, and the bundle runs alone in an empty folder", async () => {
        const res = await run("npx", ["gwc", "bundle", "generated/greeter", "--out", "dist/greeter"], { cwd: project, timeout: 60_000 });
        assert.equal(res.code, 0, res.stderr);
        const empty = path.join(tmp, `empty-${moduleType}`);
        mkdirSync(empty);
        cpSync(path.join(project, "dist", "greeter", "server.mjs"), path.join(empty, "server.mjs"));
        const server = await startServer(started, process.execPath, ["server.mjs"], { cwd: empty, env: { ...process.env, PORT: "0" } });
        assert.deepEqual(await getText(`${server.url}/hello/bundle`), { status: 200, text: "HELLO BUNDLE!" });
        assert.deepEqual(await getText(`${server.url}/greet?who=bundle`), { status: 200, text: "hi BUNDLE from dev" });
        assert.equal(await stop(server.child), 0);
      });
    });
  }
});

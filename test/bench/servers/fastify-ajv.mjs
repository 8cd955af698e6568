// PEER of the validated POST case: Fastify 5 validating with ajv 8 (the bench's own ajv, set as
// Fastify's validator compiler) against the SAME schema as gwc, read from the bench spec: body
// model NewItem, required header x-tenant and query parameter version. Answers the same constant
// as gwc's MOCK integration, with 201; a failed validation is a 400.
// Usage: PORT=n SPEC=<bench-rest/openapi.yaml> node fastify-ajv.mjs
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import Fastify from "fastify";
import Ajv from "ajv";

const yaml = createRequire(path.resolve(import.meta.dirname, "../../../package.json"))("yaml");
const spec = yaml.parse(readFileSync(process.env.SPEC, "utf8"));
const port = Number(process.env.PORT ?? 3000);
const ajv = new Ajv({ allErrors: false, strict: false, ownProperties: true });
const app = Fastify({ logger: false });
app.setValidatorCompiler(({ schema }) => ajv.compile(schema));
app.post("/items", {
  schema: {
    body: spec.components.schemas.NewItem,
    headers: { type: "object", required: ["x-tenant"], properties: { "x-tenant": { type: "string", minLength: 1 } } },
    querystring: { type: "object", required: ["version"], properties: { version: { type: "string", minLength: 1 } } },
  },
  handler: async (_req, reply) => {
    reply.code(201).header("content-type", "application/json");
    return '{"status":"created"}';
  },
});
const url = await app.listen({ port, host: "127.0.0.1" });
process.stdout.write(`${url}\n`);
process.on("SIGTERM", () => app.close().finally(() => process.exit(0)));

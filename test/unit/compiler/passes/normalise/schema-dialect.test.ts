import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomInt } from "node:crypto";
import fc from "fast-check";
import { normaliseSchema, type SchemaSourceDialect } from "../../../../../compiler/passes/normalise/schema-dialect.js";

interface Row {
  from: SchemaSourceDialect;
  given: unknown;
  want: unknown;
}

const rows: Array<[string, Row]> = [
  ["adds null to type for nullable: true", { from: "openapi-3.0", given: { type: "string", nullable: true }, want: { type: ["string", "null"] } }],
  ["adds null to type and enum for nullable with enum", { from: "openapi-3.0", given: { type: "string", enum: ["a", "b"], nullable: true }, want: { type: ["string", "null"], enum: ["a", "b", null] } }],
  ["does not repeat a null the enum already has", { from: "openapi-3.0", given: { type: "string", enum: ["a", null], nullable: true }, want: { type: ["string", "null"], enum: ["a", null] } }],
  ["extends a type array only when null is missing", { from: "openapi-3.0", given: { type: ["integer", "string"], nullable: true }, want: { type: ["integer", "string", "null"] } }],
  ["drops nullable without type, which has no effect in OpenAPI 3.0.3", { from: "openapi-3.0", given: { enum: ["a"], nullable: true }, want: { enum: ["a"] } }],
  ["drops nullable: false", { from: "swagger-2.0", given: { type: "string", nullable: false }, want: { type: "string" } }],
  [
    "normalises nested properties, items and allOf",
    {
      from: "openapi-3.0",
      given: {
        type: "object",
        properties: { a: { type: "integer", nullable: true }, b: { type: "array", items: { type: "string", nullable: true, example: "x" } } },
        allOf: [{ type: "object", nullable: true, readOnly: true }],
        additionalProperties: { type: "boolean", nullable: true },
      },
      want: {
        type: "object",
        properties: { a: { type: ["integer", "null"] }, b: { type: "array", items: { type: ["string", "null"] } } },
        allOf: [{ type: ["object", "null"] }],
        additionalProperties: { type: ["boolean", "null"] },
      },
    },
  ],
  [
    "drops x- keys of schema objects but keeps properties named like keywords",
    {
      from: "openapi-3.0",
      given: { "x-internal": true, type: "object", properties: { "x-id": { type: "string", "x-order": 1 }, nullable: { type: "boolean" }, $ref: { type: "string" } } },
      want: { type: "object", properties: { "x-id": { type: "string" }, nullable: { type: "boolean" }, $ref: { type: "string" } } },
    },
  ],
  [
    "drops the OpenAPI-only keywords",
    {
      from: "openapi-3.0",
      given: { type: "object", discriminator: { propertyName: "kind" }, example: {}, readOnly: true, writeOnly: false, xml: { name: "a" }, externalDocs: { url: "u" }, deprecated: true, title: "T" },
      want: { type: "object", title: "T" },
    },
  ],
  [
    "copies enum and default data verbatim",
    {
      from: "openapi-3.0",
      given: { type: "object", enum: [{ nullable: true, "x-a": 1 }], default: { example: 1 } },
      want: { type: "object", enum: [{ nullable: true, "x-a": 1 }], default: { example: 1 } },
    },
  ],
  ["keeps a draft 4 boolean exclusiveMinimum next to minimum", { from: "openapi-3.0", given: { type: "number", minimum: 0, exclusiveMinimum: true }, want: { type: "number", minimum: 0, exclusiveMinimum: true } }],
  ["drops a boolean exclusiveMaximum without maximum", { from: "openapi-3.0", given: { type: "number", exclusiveMaximum: true }, want: { type: "number" } }],
  ["drops Swagger 2.0 type: file", { from: "swagger-2.0", given: { type: "file", description: "upload" }, want: { description: "upload" } }],
  [
    "keeps only $ref and definitions next to $ref in OpenAPI 3.0",
    { from: "openapi-3.0", given: { $ref: "#/definitions/a", nullable: true, description: "d", definitions: { a: { type: "string" } } }, want: { $ref: "#/definitions/a", definitions: { a: { type: "string" } } } },
  ],
  ["keeps draft 4 property dependencies as data", { from: "draft-04", given: { dependencies: { a: ["b"], c: { required: ["d"] } } }, want: { dependencies: { a: ["b"], c: { required: ["d"] } } } }],
  ["drops nullable without effect in a draft 4 model", { from: "draft-04", given: { type: "string", nullable: true, "x-a": 1 }, want: { type: "string", "x-a": 1 } }],
  [
    "drops OpenAPI 3.1 annotations and keeps 2020-12 keywords",
    {
      from: "openapi-3.1",
      given: { type: ["string", "null"], example: "e", discriminator: {}, xml: {}, externalDocs: {}, "x-a": 1, readOnly: true, deprecated: true, const: "c", $defs: { d: { prefixItems: [{ example: 1 }] } } },
      want: { type: ["string", "null"], readOnly: true, deprecated: true, const: "c", $defs: { d: { prefixItems: [{}] } } },
    },
  ],
  ["applies a left-over nullable in OpenAPI 3.1", { from: "openapi-3.1", given: { type: "integer", nullable: true }, want: { type: ["integer", "null"] } }],
  ["keeps members next to $ref in OpenAPI 3.1, where 2020-12 evaluates them", { from: "openapi-3.1", given: { $ref: "#/$defs/a", maxLength: 3 }, want: { $ref: "#/$defs/a", maxLength: 3 } }],
  ["passes boolean schemas through", { from: "openapi-3.1", given: { items: false, properties: { a: true } }, want: { items: false, properties: { a: true } } }],
];

describe("normaliseSchema", () => {
  for (const [name, { from, given, want }] of rows) {
    it(name, () => {
      assert.deepEqual(normaliseSchema(given, from), want);
    });
  }

  it("keeps a property named __proto__ as an own property", () => {
    const given = JSON.parse('{"type":"object","properties":{"__proto__":{"type":"string","nullable":true}}}');
    const out = normaliseSchema(given, "openapi-3.0") as { properties: object };
    assert.equal(Object.getPrototypeOf(out.properties), Object.prototype);
    assert.deepEqual(Object.getOwnPropertyDescriptor(out.properties, "__proto__")?.value, { type: ["string", "null"] });
  });

  it("terminates on cyclic input and reproduces the cycle", () => {
    const node: Record<string, unknown> = { type: "object", nullable: true, "x-a": 1 };
    node.properties = { self: node, list: { type: "array", items: node } };
    node.allOf = [node];
    const out = normaliseSchema(node, "openapi-3.0") as { type: unknown; properties: { self: unknown; list: { items: unknown } }; allOf: unknown[] };
    assert.notEqual(out, node);
    assert.deepEqual(out.type, ["object", "null"]);
    assert.equal(out.properties.self, out);
    assert.equal(out.properties.list.items, out);
    assert.equal(out.allOf[0], out);
    assert.equal("x-a" in out, false);
  });

  it("returns a new object for a schema with nothing to change", () => {
    const given = { type: "object", properties: { a: { type: "string" } } };
    const out = normaliseSchema(given, "openapi-3.0") as typeof given;
    assert.deepEqual(out, given);
    assert.notEqual(out, given);
    assert.notEqual(out.properties, given.properties);
  });
});

// STYLE.md §8: the seed comes from GWC_SEED, is required on CI, and is printed in the title.
if (process.env.CI === "true" && process.env.GWC_SEED === undefined) throw new Error("GWC_SEED must be set when CI=true");
const seed = process.env.GWC_SEED !== undefined ? Number(process.env.GWC_SEED) : randomInt(2 ** 31);

/** Whether any object inside `value` has an own key `key`. */
function hasKey(value: unknown, key: string): boolean {
  if (Array.isArray(value)) return value.some((v) => hasKey(v, key));
  if (value === null || typeof value !== "object") return false;
  return Object.hasOwn(value, key) || Object.values(value).some((v) => hasKey(v, key));
}

/** JSON data with no `nullable` key anywhere, so the output check below can look everywhere. */
const data = fc.jsonValue({ maxDepth: 2 }).filter((v) => !JSON.stringify(v).includes('"nullable"'));
const propertyName = fc.oneof(fc.constantFrom("id", "x-id", "$ref", "type", "__proto__", "items"), fc.string({ maxLength: 4 })).filter((k) => k !== "nullable");

/** OpenAPI-ish schemas: every keyword normaliseSchema treats specially, nested a few levels. */
const { schema } = fc.letrec((tie) => ({
  schema: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.boolean(),
    fc.record(
      {
        type: fc.oneof(fc.constantFrom("string", "integer", "number", "object", "array", "boolean", "null", "file"), fc.constantFrom(["string", "null"], ["integer"])),
        nullable: fc.boolean(),
        enum: fc.array(data, { maxLength: 3 }),
        minimum: fc.integer(),
        exclusiveMinimum: fc.oneof(fc.boolean(), fc.integer()),
        exclusiveMaximum: fc.boolean(),
        properties: fc.dictionary(propertyName, tie("schema"), { maxKeys: 3, noNullPrototype: true }),
        items: fc.oneof(tie("schema"), fc.array(tie("schema"), { maxLength: 2 })),
        allOf: fc.array(tie("schema"), { maxLength: 2 }),
        anyOf: fc.array(tie("schema"), { maxLength: 2 }),
        not: tie("schema"),
        additionalProperties: tie("schema"),
        dependencies: fc.dictionary(propertyName, fc.oneof(fc.array(fc.string(), { maxLength: 2 }), tie("schema")), { maxKeys: 2, noNullPrototype: true }),
        $ref: fc.constantFrom("#/definitions/a", "#/components/schemas/B"),
        definitions: fc.dictionary(propertyName, tie("schema"), { maxKeys: 2, noNullPrototype: true }),
        example: data,
        default: data,
        discriminator: fc.record({ propertyName: fc.string() }, { noNullPrototype: true }),
        readOnly: fc.boolean(),
        "x-extension": data,
      },
      { requiredKeys: [], noNullPrototype: true },
    ),
  ),
}));
const dialect = fc.constantFrom<SchemaSourceDialect>("openapi-3.0", "swagger-2.0", "openapi-3.1", "draft-04");

describe(`normaliseSchema properties (seed ${seed})`, () => {
  it("never mutates its input and leaves no nullable key anywhere", () => {
    fc.assert(
      fc.property(schema, dialect, (given, from) => {
        const snapshot = structuredClone(given);
        const out = normaliseSchema(given, from);
        assert.deepEqual(given, snapshot);
        assert.equal(hasKey(out, "nullable"), false);
      }),
      { seed, numRuns: 300 },
    );
  });

  it("is idempotent", () => {
    fc.assert(
      fc.property(schema, dialect, (given, from) => {
        const once = normaliseSchema(given, from);
        assert.deepEqual(normaliseSchema(once, from), once);
      }),
      { seed, numRuns: 300 },
    );
  });
});

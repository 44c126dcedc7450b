import { describe, expect, it } from "vitest";
import { listOperations } from "@beeos/spec";
import { cutFixture } from "../src/fixture.mjs";
import { usageSource } from "../src/stages.mjs";

const ref = (name: string) => ({ $ref: `#/components/${name}` });
const ok = (schema: object) => ({ 200: { description: "OK.", content: { "application/json": { schema } } } });
// Refs chain through a response, its header and example, a self-referencing schema and a pointer into an escaped name.
const doc = {
  openapi: "3.1.0",
  info: { title: "t", version: "1" },
  paths: {
    "/a/{id}": { parameters: [ref("parameters/Id")], get: { operationId: "keepA", responses: { 200: ref("responses/Page") } }, post: { operationId: "dropA", responses: ok(ref("schemas/Dropped")) } },
    "/b": { get: { operationId: "keepB", responses: ok(ref("schemas/B~1C/properties/x")) } },
    "/c": { get: { operationId: "dropC", responses: ok(ref("schemas/Unused")) } },
  },
  webhooks: { hook: { post: { requestBody: { content: { "application/json": { schema: ref("schemas/Hook") } } } } } },
  components: {
    securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
    parameters: { Id: { name: "id", in: "path", required: true, schema: { type: "string" } } },
    responses: { Page: { description: "A page.", headers: { "X-Id": ref("headers/Id") }, content: { "application/json": { schema: ref("schemas/Page"), examples: { p: ref("examples/Page") } } } } },
    headers: { Id: { schema: { type: "string" } }, Unused: { schema: { type: "string" } } },
    examples: { Page: { value: { items: [] } }, Unused: { value: 1 } },
    schemas: {
      Page: { type: "object", properties: { items: { type: "array", items: ref("schemas/Item") } } },
      Item: { type: "object", properties: { parent: ref("schemas/Item") } },
      "B/C": { type: "object", properties: { x: ref("schemas/Leaf") } },
      ...Object.fromEntries(["Leaf", "Dropped", "Hook", "Unused"].map((name) => [name, { type: "string" }])),
    },
    requestBodies: { Unused: { content: {} } },
  },
};

describe("the fixture cut from the spec", () => {
  const cut = cutFixture(doc, ["keepA", "keepB"]);

  it("keeps only the operations asked for, with their path items' shared fields, and no webhooks", () => {
    expect(listOperations(cut).map((op) => `${op.method} ${op.path} ${op.operationId}`)).toEqual(["get /a/{id} keepA", "get /b keepB"]);
    expect(Object.keys(cut.paths["/a/{id}"])).toEqual(["parameters", "get"]);
    expect(cut).not.toHaveProperty("webhooks");
  });

  it("keeps exactly the components still reached through $refs, transitively, and every security scheme", () => {
    const names = Object.fromEntries(Object.entries(cut.components).map(([kind, all]) => [kind, Object.keys(all as object)]));
    expect(names).toEqual({ securitySchemes: ["bearer"], parameters: ["Id"], responses: ["Page"], headers: ["Id"], examples: ["Page"], schemas: ["Page", "Item", "B/C", "Leaf"] });
  });

  it("leaves the spec it was cut from untouched, and names an operation the spec lacks", () => {
    cut.components.schemas.Page.type = "changed";
    expect(doc.components.schemas.Page.type).toBe("object");
    expect(() => cutFixture(doc, ["keepA", "nowhere"])).toThrow(/no operation nowhere/);
  });

  it("gives the type-check a usage with one openapi-fetch call per operation", () => {
    const source = usageSource(listOperations(cut));
    expect(source).toContain(`export const call0 = async (init: Init<"/a/{id}", "get">) => (await client.GET("/a/{id}", init)).data;`);
    expect(source.match(/client\.(GET|POST)\(/g)).toHaveLength(2);
  });
});

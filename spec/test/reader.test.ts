// The one reader of the spec: pointers, $refs, the examples rule, and the
// x-beeos-* extensions that say how an operation pages or streams.
import { describe, expect, it } from "vitest";
import { deref, derefWithPointer, examplesOf, finalValues, listOperations, parameterExample, pointerOf, reachableComponents, resolvePointer, SpecError, tokensOf, type Json } from "../src/index.js";

const doc = (op: Json, extra: Json = {}): Json => ({
  openapi: "3.1.0",
  paths: { "/things/{id}": { get: { operationId: "listThings", responses: { "200": { description: "ok" } }, ...op } } },
  components: { schemas: {}, ...extra },
});
const query = (name: string) => ({ name, in: "query", schema: { type: "string" } });

describe("pointers", () => {
  it("escape ~ and / and round-trip", () => {
    const p = pointerOf("paths", "/a~b/{id}", "get");
    expect(p).toBe("#/paths/~1a~0b~1{id}/get");
    expect(tokensOf(p)).toEqual(["paths", "/a~b/{id}", "get"]);
    expect(resolvePointer({ paths: { "/a~b/{id}": { get: 1 } } }, p)).toBe(1);
    expect(() => tokensOf("paths/x")).toThrow(/not a local JSON pointer/);
  });

  it("deref follows chains and names cycles and dangling refs", () => {
    const d = { components: { schemas: { A: { $ref: "#/components/schemas/B" }, B: { type: "string" }, C: { $ref: "#/components/schemas/C" } } } };
    expect(deref(d, { $ref: "#/components/schemas/A" })).toEqual({ type: "string" });
    expect(() => deref(d, { $ref: "#/components/schemas/C" })).toThrow(/cycle/);
    expect(() => deref(d, { $ref: "#/components/schemas/Z" })).toThrow(/points at nothing/);
    expect(() => deref(d, { $ref: "other.yaml#/x" })).toThrow(/not local/);
  });
});

describe("examples", () => {
  it("a lone example comes first, then named examples in order", () => {
    const d = { components: { examples: { Two: { value: 2 } } } };
    expect(examplesOf(d, { example: 0, examples: { one: { value: 1 }, two: { $ref: "#/components/examples/Two" } } })).toEqual([
      { key: "example", value: 0 },
      { key: "one", value: 1 },
      { key: "two", value: 2 },
    ]);
    expect(examplesOf(d, undefined)).toEqual([]);
  });
});

describe("x-beeos-pagination", () => {
  it("reads each style when its parameters exist", () => {
    const op = listOperations(
      doc({ parameters: [query("since"), query("limit")], "x-beeos-pagination": { style: "since", items: "data", sizeParam: "limit", cursorParam: "since", nextCursor: "next_since" } }),
    )[0]!;
    expect(op.pagination).toEqual({ style: "since", items: "data", sizeParam: "limit", cursorParam: "since", nextCursor: "next_since" });
  });

  it.each([
    [{ style: "pages", items: "data", sizeParam: "limit" }, /style must be one of page, offset, cursor, since/],
    [{ style: "offset", items: "data", sizeParam: "limit" }, /offsetParam is required/],
    [{ style: "offset", items: "data", sizeParam: "limit", offsetParam: "skip" }, /"skip", which is not a query parameter/],
    [{ style: "cursor", items: "data", sizeParam: "limit", cursorParam: "limit" }, /exactly one of nextCursor and nextCursorFromItem/],
    [{ style: "page", items: "data", sizeParam: "limit", pageParam: "limit", nextCursor: "x" }, /nextCursor does not apply to style "page"/],
  ])("refuses %j, naming the operation and field", (ext, message) => {
    const run = () => listOperations(doc({ parameters: [query("limit")], "x-beeos-pagination": ext }));
    expect(run).toThrow(SpecError);
    expect(run).toThrow(message);
    expect(run).toThrow(/listThings \(GET \/things\/\{id\}\)/);
  });
});

describe("event streams", () => {
  it("lists each event's name and data schema, and how to resume", () => {
    const schemas = {
      Ev: { oneOf: [{ $ref: "#/components/schemas/Msg" }, { $ref: "#/components/schemas/End" }] },
      Msg: { type: "object", properties: { event: { const: "message" }, data: { $ref: "#/components/schemas/M" } } },
      End: { type: "object", properties: { event: { const: "end" }, data: { type: "object" } } },
      M: { type: "object" },
    };
    const op = listOperations(
      doc(
        {
          parameters: [{ name: "Last-Event-ID", in: "header", schema: { type: "string" } }],
          "x-beeos-stream": { resume: { in: "header", name: "Last-Event-ID" } },
          responses: { "200": { description: "events", content: { "text/event-stream": { schema: { type: "string", contentSchema: { $ref: "#/components/schemas/Ev" } } } } } },
        },
        { schemas },
      ),
    )[0]!;
    expect(op.stream).toEqual({
      status: "200",
      resume: { in: "header", name: "Last-Event-ID" },
      events: [
        { name: "message", dataPointer: "#/components/schemas/M" },
        { name: "end", dataPointer: "#/components/schemas/End/properties/data" },
      ],
      eventSchemaPointer: "#/components/schemas/Ev",
    });
  });

  it("reads an event schema given directly, its unnamed event being `message`", () => {
    const op = listOperations(
      doc({
        responses: {
          "200": { description: "e", content: { "text/event-stream": { schema: { type: "object", properties: { data: { type: "object" } } } } } },
        },
      }),
    )[0]!;
    expect(op.stream?.events).toEqual([
      { name: "message", dataPointer: "#/paths/~1things~1{id}/get/responses/200/content/text~1event-stream/schema/properties/data" },
    ]);
    expect(op.stream?.resume).toBeUndefined();
  });

  it("refuses a resume parameter the operation does not declare", () => {
    const run = () =>
      listOperations(
        doc({ "x-beeos-stream": { resume: { in: "query", name: "since" } }, responses: { "200": { description: "e", content: { "text/event-stream": {} } } } }),
      );
    expect(run).toThrow(/resume names the query parameter "since", which the operation does not declare/);
  });

  it("refuses the extension on an operation that does not stream", () => {
    expect(() => listOperations(doc({ "x-beeos-stream": { resume: { in: "query", name: "x" } } }))).toThrow(/no 2xx response is text\/event-stream/);
  });
});

describe("operations", () => {
  it("refuses a repeated operationId, naming both places", () => {
    const d = { paths: { "/a": { get: { operationId: "x", responses: {} } }, "/b": { post: { operationId: "x", responses: {} } } } };
    expect(() => listOperations(d)).toThrow(/operationId x is used by GET \/a and POST \/b/);
  });
});

describe("reachable components", () => {
  it("follows refs transitively, through cycles, and names each component once", () => {
    const d = {
      components: {
        schemas: { A: { properties: { b: { $ref: "#/components/schemas/B" } } }, B: { items: { $ref: "#/components/schemas/A" } }, C: {} },
        parameters: { P: { schema: { $ref: "#/components/schemas/B/items" } } },
      },
    };
    expect([...reachableComponents(d, { x: [{ $ref: "#/components/parameters/P" }] })]).toEqual([
      "#/components/parameters/P",
      "#/components/schemas/B",
      "#/components/schemas/A",
    ]);
    expect(derefWithPointer(d, { $ref: "#/components/parameters/P" }, "#/x")).toEqual({ node: d.components.parameters.P, pointer: "#/components/parameters/P" });
  });
});

describe("x-beeos-final-values", () => {
  it("names each status schema's final values, and refuses anything but a list of strings", () => {
    const d = { components: { schemas: { S: { type: "string", "x-beeos-final-values": ["done"] }, T: { type: "string" } } } };
    expect(finalValues(d)).toEqual({ S: ["done"] });
    expect(() => finalValues({ components: { schemas: { S: { "x-beeos-final-values": "done" } } } })).toThrow(/schema S: x-beeos-final-values must be a list of strings/);
  });
});

describe("a parameter's example", () => {
  it("is its own first example, else its schema's example, else the first of its schema's examples", () => {
    const d = { components: { schemas: { S: { type: "string", examples: ["from-list"] } } } };
    const op = (param: Json) => listOperations(doc({ parameters: [param] }))[0]!.parameters[0]!;
    expect(op({ name: "a", in: "query", schema: {}, examples: { one: { value: "named" } }, example: undefined }).example).toBe("named");
    expect(op({ name: "a", in: "query", schema: { type: "string", example: "schema" } }).example).toBe("schema");
    expect(parameterExample(d, { schema: { $ref: "#/components/schemas/S" } })).toBe("from-list");
    expect(op({ name: "a", in: "query", schema: { type: "string" } }).example).toBeUndefined();
  });
});

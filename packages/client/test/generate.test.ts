// The generator's refusals: an operationId that cannot be a function name stops it
// with a message naming the operation, instead of emitting code that does not compile.
import { describe, expect, it } from "vitest";
// @ts-expect-error the generator is a plain script without types
import { functionsSource } from "../scripts/generate.mjs";

const op = (operationId: string) => ({ operationId, method: "get", path: "/api/v1/things", parameters: [], summary: "Things" });
const rows = (id: string) => ({ [id]: { method: "GET", path: "/api/v1/things" } });

describe("generate: operation functions", () => {
  it("emits one documented, tree-shakable function per operation", () => {
    const source: string = functionsSource([op("listThings")], rows("listThings"));
    expect(source).toContain('export const listThings: OperationFunction<"listThings"> = /*#__PURE__*/ operation("listThings", "GET", "/api/v1/things");');
    expect(source).toContain(" * Things");
  });

  it.each(["list-things", "delete", "paginate", "2things"])("refuses the operationId %j, naming the route", (id) => {
    expect(() => functionsSource([op(id)], rows(id))).toThrow(new RegExp(`GET /api/v1/things: operationId "${id}" cannot name a function`));
  });
});

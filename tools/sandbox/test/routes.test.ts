import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handlers } from "../src/index.js";
import { harness, operations, type Harness } from "./helpers.js";

let h: Harness;
beforeAll(async () => {
  h = await harness();
});
afterAll(async () => {
  await h.sandbox.close();
});

describe("every operation of the spec", () => {
  it("has a handler, and no handler lacks an operation", () => {
    const ids = operations.map((o) => o.operationId).sort();
    expect(ids).toHaveLength(65);
    expect(Object.keys(handlers).sort()).toEqual(ids);
  });

  it.each(operations.map((o) => [o.operationId, o] as const))("%s is routed (a call reaches the operation, not the not-found fallback)", async (_id, op) => {
    const path = op.path.replace(/\{[^}]+\}/g, (name) => (name === "{operationId}" ? "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01" : "does_not_exist"));
    const res = await h.call(op.method.toUpperCase(), path, { token: null });
    expect(res.body.success).toBe(false);
    expect(res.body.error.message).not.toMatch(/^no operation at/);
    // Without a token every operation refuses before doing anything: 401, or the closest status it documents.
    expect(res.body.error.code).toBe("missing_token");
    expect(res.headers.get("x-request-id")).toMatch(/^req_/);
  });

  it("answers an unknown path with the error envelope", async () => {
    const res = await h.call("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ success: false, error: { code: "not_found", type: "not_found_error" } });
  });

  it("gave no answer off the spec", () => {
    // streamRuntimeOperationEvents documents no 401: the one known gap, reported by the sandbox.
    expect(h.violations.filter((v) => !v.startsWith("streamRuntimeOperationEvents"))).toEqual([]);
  });
});

// Documented errors the sandbox must give from its state, not from a forced example:
// an id this token never made is 404 on every operation that documents 404 (through the
// proxy), and a missing or malformed token is 401 with the documented body. Prism answers
// a request without a valid token itself, so the 401 checks go to the sandbox directly and
// hold the body to the spec with Ajv.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "vitest";
import { urlFor } from "../../src/harness.js";
import { collectionOf, inputFor, sandboxClient, sandboxTarget, type Ids } from "../../src/sandbox.js";
import { validInput } from "../../src/scenarios.js";
import { deref, loadSpec } from "../../src/spec.js";
import { createValidator } from "../../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);

describe("an id this token never made is 404, through the proxy", () => {
  const sc = sandboxClient("errors");
  const withIds = spec.operations.filter((op) => op.parameters.some((p) => p.in === "path") && op.responses.some((r) => r.statuses.includes(404)));

  test.for(withIds.map((op) => [op.operationId, op] as const))("%s with unknown ids", async ([, op], ctx) => {
    const ids: Ids = {};
    // Well-formed but unknown: a uuid where the parameter is one, else a name no scenario makes.
    for (const p of op.parameters.filter((q) => q.in === "path")) {
      ids[collectionOf(op, p.name)] = deref(spec.document, p.schema)["format"] === "uuid" ? randomUUID() : `${collectionOf(op, p.name)}_does_not_exist`;
    }
    const answer = await sc.call(op, inputFor(spec, op, ids));
    ctx.task.meta.contract = { operationId: op.operationId, kind: "workflow", status: answer.status };
    expect(answer.status, JSON.stringify(answer.body)).toBe(404);
    const response = op.responses.find((r) => r.statuses.includes(404));
    if (response?.schemaPointer) expect(validate(response.schemaPointer, answer.body)).toEqual([]);
  });
});

describe("no token, or a malformed one, is 401 with the documented body (sandbox directly)", () => {
  const documented = spec.operations.filter((op) => op.responses.some((r) => r.statuses.includes(401)));
  const cases = documented.flatMap((op) => [
    [`${op.operationId} without a token`, op, undefined] as const,
    [`${op.operationId} with "Authorization: Token …"`, op, "Token oag_contract_malformed"] as const,
  ]);

  test.for(cases)("%s", async ([, op, authorization], ctx) => {
    const input = validInput(spec, op);
    const headers: Record<string, string> = { ...input.headers, ...(authorization ? { authorization } : {}) };
    let body: string | undefined;
    if (op.requestBody) {
      headers["content-type"] = "application/json";
      body = JSON.stringify(op.requestBody.examples[0]?.value ?? {});
    }
    const response = await fetch(urlFor(sandboxTarget().sandboxUrl, op, input), { method: op.method, headers, ...(body === undefined ? {} : { body }), signal: AbortSignal.timeout(10_000) });
    ctx.task.meta.contract = { operationId: op.operationId, kind: "auth", status: response.status };
    const text = await response.text();
    expect(response.status, text).toBe(401);
    const schema = op.responses.find((r) => r.statuses.includes(401))?.schemaPointer;
    expect(schema, `${op.operationId} documents a 401 body`).toBeDefined();
    expect(validate(schema!, JSON.parse(text))).toEqual([]);
  });
});

import { isDeepStrictEqual } from "node:util";
import { describe, expect, test } from "vitest";
import { MOCK_TOKEN, liveTarget, startMock, urlFor, violationsOf } from "../src/harness.js";
import { validInput } from "../src/scenarios.js";
import { loadSpec } from "../src/spec.js";

const spec = loadSpec();


const responseCases = spec.operations.flatMap((op) =>
  op.responses.flatMap((r) => r.statuses.flatMap((status) => r.examples.map((ex) => ({ op, status, ex, name: `${op.operationId} ${status} serves "${ex.key}"` })))),
);
const requestCases = spec.operations.flatMap((op) => (op.requestBody?.examples ?? []).map((ex) => ({ op, ex, name: `${op.operationId} accepts request example "${ex.key}"` })));

describe.skipIf(liveTarget() !== undefined)("spec self-test: every named example passes Prism in --errors mode", async () => {
  const server = await startMock({ errors: true });
  const headers = { authorization: `Bearer ${MOCK_TOKEN}`, "content-type": "application/json" };

  test.for(responseCases.map((c) => [c.name, c] as const))("%s", async ([, c], ctx) => {
    ctx.task.meta.contract = { operationId: c.op.operationId, kind: "example", status: c.status };
    const body = c.op.requestBody ? JSON.stringify(c.op.requestBody.examples[0]?.value ?? {}) : undefined;
    const response = await fetch(urlFor(server.url, c.op, validInput(spec, c.op)), {
      method: c.op.method,
      headers: { ...headers, prefer: `code=${c.status}, example=${c.ex.key}` },
      ...(body === undefined ? {} : { body }),
    });
    // Any entry fails, Warnings included: Prism only warns about an undocumented status.
    expect(violationsOf(response.headers)).toEqual([]);
    expect(response.status).toBe(c.status);
    expect(await response.json()).toEqual(c.ex.value);
  });

  test.for(requestCases.map((c) => [c.name, c] as const))("%s", async ([, c], ctx) => {
    ctx.task.meta.contract = { operationId: c.op.operationId, kind: "example" };
    const response = await fetch(urlFor(server.url, c.op, validInput(spec, c.op)), { method: c.op.method, headers, body: JSON.stringify(c.ex.value) });
    expect(violationsOf(response.headers)).toEqual([]);
    expect(response.ok).toBe(true);
  });

  test("every example in components.examples is used by some request or response", () => {
    const used = [...responseCases.map((c) => c.ex.value), ...requestCases.map((c) => c.ex.value)];
    const unused = [...spec.componentExamples].filter(([, value]) => !used.some((u) => isDeepStrictEqual(u, value))).map(([name]) => name);
    expect(unused).toEqual([]);
  });
});

import { AuthenticationError, BadRequestError, BeeosApiError } from "@beeos/client";
import { describe, expect, test } from "vitest";
import { MOCK_TOKEN, call, liveTarget, recordingClient, rejectionOf, startMock, urlFor, violationsOf, type Violation } from "../src/harness.js";
import { negativeScenarios, validInput } from "../src/scenarios.js";
import { loadSpec } from "../src/spec.js";

const spec = loadSpec();
const live = liveTarget();

/** Where Prism names what it refused: the sl-violations header, or the problem+json body when no 400 is documented. */
async function refusalsOf(response: Response, body: unknown): Promise<Violation[]> {
  const fromHeader = violationsOf(response.headers);
  const fromBody = ((body as { validation?: Violation[] } | undefined)?.validation ?? []);
  return [...fromHeader, ...fromBody];
}

describe.skipIf(live !== undefined)("requests that break one constraint of the spec are refused", async () => {
  const server = await startMock();
  const { client } = recordingClient(server.url);

  test.for(negativeScenarios(spec).map((s) => [s.name, s] as const))("%s", async ([, s], ctx) => {
    const error = await rejectionOf(() => call(client, s.op, s.input));
    expect(error).toBeInstanceOf(BadRequestError);
    const apiError = error as BeeosApiError;
    ctx.task.meta.contract = { operationId: s.op.operationId, kind: "negative", status: apiError.status, constraint: `${s.target}:${s.constraint}` };
    expect([400, 422]).toContain(apiError.status);
    const refusals = await refusalsOf(apiError.response, apiError.body);
    const target = s.target.toLowerCase();
    // A missing property is reported on its parent object, with the property named in the message.
    const named = refusals.filter(
      (v) => v.location.some((part) => part.toLowerCase() === target) || (v.code === "required" && v.message.toLowerCase().includes(`'${target}'`)),
    );
    expect(named, `no violation names ${s.target}: ${JSON.stringify(refusals)}`).not.toEqual([]);
  });
});

describe("requests without a valid bearer token get 401", async () => {
  const server = await startMock(live ? { upstream: live.url } : {});
  // Operations that document a 401 (a few runtime operations list none).
  const readOnly = spec.operations.filter((op) => (!live || op.method === "GET") && op.responses.some((r) => r.statuses.includes(401)));

  test.for(readOnly.map((op) => [op.operationId, op] as const))("%s without a token", async ([, op], ctx) => {
    ctx.task.meta.contract = { operationId: op.operationId, kind: "auth", status: 401 };
    const input = validInput(spec, op);
    const url = urlFor(server.url, op, input);
    // The client refuses to send without a token, so this goes over a bare socket.
    const response = await fetch(url, { method: op.method });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { error?: { code?: unknown } };
    expect(body.error?.code).toBeTypeOf("string");
  });

  test.for(readOnly.map((op) => [op.operationId, op] as const))("%s with a malformed Authorization header", async ([, op], ctx) => {
    ctx.task.meta.contract = { operationId: op.operationId, kind: "auth", status: 401 };
    const { client } = recordingClient(server.url, live?.token ?? MOCK_TOKEN);
    const input = { ...validInput(spec, op), headers: { Authorization: `Token ${live?.token ?? MOCK_TOKEN}` } };
    if (op.requestBody) Object.assign(input, { body: op.requestBody.examples[0]?.value });
    const error = await rejectionOf(() => call(client, op, input));
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as BeeosApiError).status).toBe(401);
  });
});

import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { driftable, driftCases, type DriftCase } from "../src/drift.js";
import { MOCK_TOKEN, call, recordingClient, startMock, violationsOf } from "../src/harness.js";
import { validInput } from "../src/scenarios.js";
import { loadSpec } from "../src/spec.js";

const spec = loadSpec();

/** A real server on 127.0.0.1 that answers whatever the current case says, and records what reached it. */
async function startDriftingUpstream(): Promise<{ url: string; answer(c: DriftCase): void; seen: string[] }> {
  let current: DriftCase | undefined;
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} auth=${req.headers.authorization ? "yes" : "no"}`);
    if (!current) {
      res.writeHead(500).end();
      return;
    }
    res.writeHead(current.status, { ...current.headers, "content-type": current.contentType, "x-request-id": "req_drift" });
    res.end(current.body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, answer: (c) => (current = c), seen };
}

const cases = driftable(spec).flatMap((op) => driftCases(spec, op).map((c) => ({ op, c, name: `${op.operationId}: ${c.name}` })));

describe("Prism's validating proxy catches a drifting server", async () => {
  const upstream = await startDriftingUpstream();
  const proxy = await startMock({ upstream: upstream.url });
  const { client, last } = recordingClient(proxy.url);

  test.for(cases.map((x) => [x.name, x] as const))("%s", async ([, { op, c }], ctx) => {
    ctx.task.meta.contract = { operationId: op.operationId, kind: "drift", status: c.status };
    upstream.answer(c);
    const before = upstream.seen.length;
    const input = validInput(spec, op);
    if (op.requestBody) Object.assign(input, { body: op.requestBody.examples[0]?.value });
    await call(client, op, input).catch(() => undefined);
    expect(upstream.seen.length, "the request must reach the upstream").toBe(before + 1);
    expect(upstream.seen.at(-1)).toMatch(/auth=yes$/);
    expect(last().status).toBe(c.status);
    const violations = violationsOf(last().headers);
    if (c.drifted) expect(violations, "Prism did not flag the drift").not.toEqual([]);
    else expect(violations).toEqual([]);
  });

  test("with errors on, a drifted answer reaches the client as a 5xx, never as data", async () => {
    const strict = await startMock({ upstream: upstream.url, errors: true });
    const op = spec.operations[0];
    if (!op) throw new Error("the spec has no operations");
    const drift = driftCases(spec, op).find((c) => c.name.startsWith("drops required"));
    if (!drift) throw new Error("no drop-required case");
    upstream.answer(drift);
    const { client: strictClient } = recordingClient(strict.url, MOCK_TOKEN);
    await expect(call(strictClient, op, validInput(spec, op))).rejects.toMatchObject({ status: 500 });
  });
});

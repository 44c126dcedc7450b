// The violation counter the sandbox run relies on, proven on a drifting upstream behind
// the same validating proxy (errors on, log read line by line): a faithful answer counts
// nothing, each kind of drift counts, and the request that broke the spec is named.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, describe, expect, test } from "vitest";
import { driftCases } from "../src/drift.js";
import { MOCK_TOKEN, startMock, urlFor } from "../src/harness.js";
import { validInput } from "../src/scenarios.js";
import { loadSpec } from "../src/spec.js";
import { ViolationLog } from "../src/violations.js";

const spec = loadSpec();
const op = spec.operations.find((o) => o.source.pagination?.style === "page");
if (!op) throw new Error("the spec has no page-style list to drift");
const cases = driftCases(spec, op);

describe("the proxy's violations are counted from its log", async () => {
  let answer = cases.find((c) => !c.drifted)!;
  const upstream = createServer((req, res) => {
    req.resume().on("end", () => res.writeHead(answer.status, { ...answer.headers, "content-type": answer.contentType }).end(answer.body));
  });
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  afterAll(() => new Promise<void>((resolve) => upstream.close(() => resolve())));
  const log = new ViolationLog();
  const proxy = await startMock({ upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`, errors: true, log: log.line });
  const input = validInput(spec, op);
  const get = (query: Record<string, unknown> = {}) =>
    fetch(urlFor(proxy.url, op, { ...input, query: { ...input.query, ...query } }), { headers: { authorization: `Bearer ${MOCK_TOKEN}` } });

  test("a faithful answer counts no violation", async () => {
    const before = log.count;
    answer = cases.find((c) => !c.drifted)!;
    expect((await get()).status).toBe(200);
    expect(log.count - before).toBe(0);
    expect(log.requests).toBeGreaterThan(0);
  });

  test.for(cases.filter((c) => c.drifted).map((c) => [c.name, c] as const))("a drifted answer (%s) counts as a response violation", async ([, c]) => {
    const before = log.violations.length;
    answer = c;
    await (await get()).text();
    const added = log.violations.slice(before);
    expect(added.length, log.summary()).toBeGreaterThan(0);
    expect(added.every((v) => v.side === "response")).toBe(true);
  });

  test("an invalid body is a counted error, named by its request, and reaches the caller as a 500", async () => {
    const before = log.violations.length;
    answer = cases.find((c) => c.name.startsWith("drops required"))!;
    const response = await get();
    expect(response.status).toBe(500);
    expect(response.headers.get("sl-violations")).toMatch(/required/);
    expect(log.violations.slice(before)).toEqual([expect.objectContaining({ side: "response", severity: "error", request: `GET ${op.path}` })]);
  });

  test("a request off the spec counts as a request violation and never reaches the upstream", async () => {
    const before = log.violations.length;
    answer = cases.find((c) => !c.drifted)!;
    const size = op.source.pagination!.sizeParam;
    expect((await get({ [size]: 1_000_000 })).status).toBe(422);
    expect(log.violations.slice(before)).toEqual([expect.objectContaining({ side: "request", message: expect.stringMatching(/UNPROCESSABLE_ENTITY/) })]);
    expect(log.summary()).toMatch(/^\d+ violation\(s\) in \d+ proxied request\(s\)/);
  });

  test("lines that are no violation are not counted", () => {
    const quiet = new ViolationLog();
    quiet.line(JSON.stringify({ level: 30, name: "PROXY", msg: "< Received forward response" }));
    quiet.line(JSON.stringify({ level: 30, input: { method: "get", url: { path: "/x" } }, msg: "Request received" }));
    quiet.line(JSON.stringify({ level: 50, input: { method: "get", url: { path: "/x" } }, msg: "Request terminated with error: https://stoplight.io/prism/errors#UPSTREAM_NOT_IMPLEMENTED: down" }));
    quiet.line("not json");
    expect(quiet.count).toBe(0);
    expect(quiet.requests).toBe(1);
    expect(quiet.failures).toHaveLength(1);
    expect(quiet.unreadable).toEqual(["not json"]);
  });
});

import { describe, expect, test } from "vitest";
import { driftable, driftCases } from "../src/drift.js";
import { errorScenarios, happyScenarios, negativeScenarios } from "../src/scenarios.js";
import { paginationScenarios } from "../src/pagination.js";
import { renderCoverage } from "../src/shards.js";
import { isSuccess, loadSpec, statusesOf } from "../src/spec.js";

const spec = loadSpec();

// A string parameter without limits has nothing to break: any text is a string on the wire.
const isBounded = (schema: Record<string, unknown>) =>
  ["minimum", "maximum", "maxLength"].some((k) => k in schema) || ["integer", "number", "boolean"].includes(String(schema["type"]));

describe("the scenarios cover the whole spec", () => {
  test("every operation and every documented status has a scenario", () => {
    const covered = new Set([
      ...happyScenarios(spec).map((s) => `${s.op.operationId} ${s.status}`),
      ...errorScenarios(spec).map((s) => `${s.op.operationId} ${s.status}`),
    ]);
    const documented = spec.operations.flatMap((op) => op.responses.flatMap((r) => r.statuses.map((s) => `${op.operationId} ${s}`)));
    const uncovered = documented.filter((key) => !covered.has(key));
    // A second 2xx (say 202 beside 200) has no way to be forced yet: this is where it shows up.
    expect(uncovered, "statuses without a scenario").toEqual([]);
    expect(spec.operations.length).toBeGreaterThan(0);
  });

  test("every bound on a parameter or body property has a negative request", () => {
    const tried = new Set(negativeScenarios(spec).map((s) => `${s.op.operationId} ${s.target}`));
    const bounded = spec.operations.flatMap((op) => [
      ...op.parameters.filter((p) => (p.in === "query" || p.in === "path") && isBounded(p.schema)).map((p) => `${op.operationId} ${p.name}`),
    ]);
    expect(bounded.filter((key) => !tried.has(key))).toEqual([]);
  });

  test("every operation with a JSON success example has drift cases, and all but the faithful one must be flagged", () => {
    // Every operation but those whose success is a stream, a 204, binary, or not documented.
    expect(driftable(spec).length).toBeGreaterThan(spec.operations.length * 0.8);
    for (const op of driftable(spec)) {
      const cases = driftCases(spec, op);
      expect(cases.filter((c) => !c.drifted)).toHaveLength(1);
      // status and content type always; a dropped field and a changed type where the schema requires any
      expect(cases.filter((c) => c.drifted).length).toBeGreaterThanOrEqual(2);
    }
  });

  test("the coverage table has a row for every operation, in both tables, and an empty run misses every one", () => {
    const { table, missing } = renderCoverage(spec, { cells: {}, constraints: {}, targets: { sandbox: {} } });
    for (const op of spec.operations) {
      expect(table.match(new RegExp(`^\\| ${op.operationId} \\|`, "gm")), op.operationId).toHaveLength(2);
      expect(missing).toContain(`sandbox: ${op.operationId}`);
    }
    // One passing test of any status is enough for the sandbox table; documented statuses are the first table's business.
    const one = spec.operations[0]!.operationId;
    expect(renderCoverage(spec, { cells: {}, constraints: {}, targets: { sandbox: { [`${one} 404`]: { passed: 1, failed: 0 } } } }).missing).not.toContain(`sandbox: ${one}`);
    expect(renderCoverage(spec, { cells: {}, constraints: {}, targets: { sandbox: { [`${one} 200`]: { passed: 0, failed: 1 } } } }).missing).toContain(`sandbox: ${one}`);
  });

  test("every paginated operation has a walk, every stream is framed, and each names what it checks", () => {
    expect(paginationScenarios(spec).map((s) => s.op.operationId).sort()).toEqual(spec.operations.filter((op) => op.source.pagination).map((op) => op.operationId).sort());
    const streams = spec.operations.filter((op) => op.responses.some((r) => r.statuses.some(isSuccess) && r.mediaTypes.includes("text/event-stream")));
    expect(streams.map((op) => op.operationId)).toEqual(spec.operations.filter((op) => op.stream).map((op) => op.operationId));
    for (const op of streams) expect(op.stream?.eventSchemaPointer, `${op.operationId} has an event schema`).toBeDefined();
  });

  test("a status range stands for the codes its description names", () => {
    expect(statusesOf("5XX", "500 `internal_error`, 503 when unavailable, 504 `service_timeout`.")).toEqual([500, 503, 504]);
    expect(statusesOf("5XX", "The server failed.")).toEqual([500]);
    expect(statusesOf("404", "anything")).toEqual([404]);
    expect(statusesOf("default", "anything")).toEqual([]);
    expect(() => statusesOf("2xx0", "")).toThrow(/neither a status, a range like 5XX nor default/);
    expect(isSuccess(201)).toBe(true);
  });
});

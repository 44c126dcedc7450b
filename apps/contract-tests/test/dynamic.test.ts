import { describe, expect, test } from "vitest";
import { call, liveTarget, recordingClient, startMock, violationsOf } from "../src/harness.js";
import { happyScenarios } from "../src/scenarios.js";
import { loadSpec } from "../src/spec.js";
import { createValidator } from "../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);
const SEEDS = ["1", "42", "beeos"];

describe.skipIf(liveTarget() !== undefined).for(SEEDS)("dynamic mode, seed %s", async (seed) => {
  const server = await startMock({ mode: "dynamic", seed });
  const { client, last } = recordingClient(server.url);

  // Dynamic mode invents a body from the schema; an event stream's schema is plain text, so streams are left to the static tests.
  test.for(happyScenarios(spec).filter((s) => !s.op.stream || s.op.responses.find((r) => r.statuses.includes(s.status))?.schemaPointer).map((s) => [s.name, s] as const))("%s", async ([, s], ctx) => {
    ctx.task.meta.contract = { operationId: s.op.operationId, kind: "dynamic", status: s.status };
    const body = await call(client, s.op, s.input);
    expect(last().status).toBe(s.status);
    expect(violationsOf(last().headers)).toEqual([]);
    const response = s.op.responses.find((r) => r.statuses.includes(s.status));
    if (response?.schemaPointer) expect(validate(response.schemaPointer, body)).toEqual([]);
    else expect(body, "a success without a JSON schema has no body").toBeUndefined();
    // The same seed must give the same data, or failures could not be replayed.
    expect(await call(client, s.op, s.input)).toEqual(body);
  });
});

import { BeeosApiError } from "@beeos/client";
import { describe, expect, test } from "vitest";
import { call, liveTarget, recordingClient, startMock, violationsOf } from "../src/harness.js";
import { happyScenarios } from "../src/scenarios.js";
import { isSuccess, loadSpec } from "../src/spec.js";
import { createValidator } from "../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);
const live = liveTarget();
// Against a live server, only requests that change nothing run unless CONTRACT_MUTATE=1.
const scenarios = happyScenarios(spec).filter((s) => !live || live.mutate || s.op.method === "GET");

describe(live ? `happy paths through Prism's validating proxy to ${new URL(live.url).host}` : "happy paths through the client", async () => {
  const server = await startMock(live ? { upstream: live.url } : {});
  const { client, last } = recordingClient(server.url, live?.token);

  test.for(scenarios.map((s) => [s.name, s] as const))("%s", async ([, s], ctx) => {
    let body: unknown;
    let status: number;
    try {
      body = await call(client, s.op, s.input);
      status = last().status;
    } catch (error) {
      // A live server may rightly answer a documented error (e.g. 404 for the spec's example id).
      if (!live || !(error instanceof BeeosApiError)) throw error;
      body = error.body;
      status = error.status;
    }
    ctx.task.meta.contract = { operationId: s.op.operationId, kind: "happy", status };
    expect(violationsOf(last().headers), "Prism found the answer off-spec").toEqual([]);
    if (live) {
      expect(s.op.responses.flatMap((r) => r.statuses), `status ${status} is not documented`).toContain(status);
    } else {
      expect(status).toBe(s.status);
      expect(isSuccess(status)).toBe(true);
    }
    const response = s.op.responses.find((r) => r.statuses.includes(status));
    expect(response, `${s.op.operationId} ${status} is documented`).toBeDefined();
    if (response?.schemaPointer) {
      expect(validate(response.schemaPointer, body)).toEqual([]);
    } else if (s.op.stream) {
      // An event stream, read through the client: every event is documented and its data fits that event's schema.
      expect(last().headers.get("content-type")).toMatch(/^text\/event-stream/);
      const events = body as Array<{ event: string; data: unknown }>;
      for (const ev of events) {
        const event = s.op.stream.events.find((e) => e.name === ev.event);
        expect(event, `event "${ev.event}" is documented`).toBeDefined();
        expect(validate(event!.dataPointer, ev.data)).toEqual([]);
      }
      expect(events.length, "the example stream has events").toBeGreaterThan(0);
    } else if (response?.mediaTypes.length === 0) {
      expect(body, `${s.op.operationId} ${status} has no content`).toBeUndefined();
    } else {
      expect(body instanceof Blob || typeof body === "string", `${response?.mediaTypes.join(", ")} arrives as a Blob or text`).toBe(true);
    }
  });
});

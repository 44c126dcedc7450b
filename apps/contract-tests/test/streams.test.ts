// Every operation whose success is `text/event-stream`, read as raw bytes: each frame is
// `id:` / `event:` / `data:` lines ended by a blank line, each event is documented, and
// its data (and the whole event) fits the spec's schema. The checker is proven on broken
// streams too, so a pass means something.
import { describe, expect, test } from "vitest";
import { MOCK_TOKEN, liveTarget, startMock, urlFor } from "../src/harness.js";
import { validInput } from "../src/scenarios.js";
import { loadSpec, type Operation } from "../src/spec.js";
import { checkFrames, parseEventStream } from "../src/sse.js";
import { createValidator } from "../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);
const streaming = spec.operations.filter((op) => op.stream);

/** The raw request a streaming client sends: the operation's example inputs, asking for the event stream. */
function streamRequest(baseUrl: string, op: Operation, token: string): { url: URL; init: RequestInit } {
  const input = validInput(spec, op);
  const headers: Record<string, string> = { ...input.headers, authorization: `Bearer ${token}`, accept: "text/event-stream" };
  let body: string | undefined;
  if (op.requestBody) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(op.requestBody.examples[0]?.value ?? {});
  }
  return { url: urlFor(baseUrl, op, input), init: { method: op.method, headers, ...(body === undefined ? {} : { body }) } };
}

describe.skipIf(liveTarget() !== undefined)("event streams, frame by frame", async () => {
  const server = await startMock();

  test("the spec documents event streams, each with its events", () => {
    expect(streaming.map((op) => op.operationId).length).toBeGreaterThanOrEqual(3);
    for (const op of streaming) expect(op.stream?.events.length, op.operationId).toBeGreaterThan(0);
  });

  test.for(streaming.map((op) => [op.operationId, op] as const))("%s: framing and every event's data", async ([, op], ctx) => {
    const { url, init } = streamRequest(server.url, op, MOCK_TOKEN);
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
    ctx.task.meta.contract = { operationId: op.operationId, kind: "stream", status: response.status };
    expect(response.status).toBe(Number(op.stream?.status));
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream\b/);
    expect(response.headers.get("sl-violations")).toBeNull();
    const { frames, problems } = parseEventStream(await response.text());
    expect(problems, "framing").toEqual([]);
    expect(frames.length, "the stream has events").toBeGreaterThan(0);
    expect(checkFrames(op, frames, validate), "events against the spec").toEqual([]);
  });
});

describe("the stream checker catches what a forgiving reader would let through", () => {
  const task = streaming.find((op) => op.stream?.resume?.in === "query" && op.stream.events.some((e) => e.name === "end"));
  if (!task) throw new Error("no resumable stream with an `end` event in the spec to test the checker on");
  const message = JSON.stringify({ type: "chat_message", message_id: "m1", offset: 1, publisher_id: "u1", payload: {}, created_at: "2026-05-14T18:00:00Z" });

  test("a well-framed stream passes, CRLF line ends and comments included", () => {
    const { frames, problems } = parseEventStream(`: keep-alive\r\nid: 1\r\nevent: message\r\ndata: ${message}\r\n\r\n`);
    expect(problems).toEqual([]);
    expect(frames).toMatchObject([{ id: "1", event: "message", named: true }]);
  });

  test.for([
    ["a last frame without its blank line", `id: 1\nevent: message\ndata: ${message}\n`, /not ended by a blank line/],
    ["a line that is no SSE field", `id: 1\nevnt: message\ndata: ${message}\n\n`, /is not an SSE field/],
    ["two event lines in one frame", `event: message\nevent: end\ndata: ${message}\n\n`, /2 event lines/],
    ["an event without data", `event: end\n\n`, /has no data line/],
    ["a retry that is not a number", `retry: soon\ndata: ${message}\n\n`, /retry must be a whole number/],
  ] as const)("framing: %s", ([, text, problem]) => {
    expect(parseEventStream(text).problems.join("\n")).toMatch(problem);
  });

  test.for([
    ["an undocumented event name", `event: progress\ndata: {}\n\n`, /event "progress" is not documented/],
    ["data that is not JSON", `id: 1\nevent: message\ndata: hello\n\n`, /data is not JSON/],
    ["data missing a required field", `id: 1\nevent: message\ndata: ${JSON.stringify({ offset: 1 })}\n\n`, /data .*must have required property 'type'/],
    ["an end event with the wrong data", `event: end\ndata: {"reason": 5}\n\n`, /data \/reason must be string/],
  ] as const)("schema: %s", ([, text, problem]) => {
    const { frames } = parseEventStream(text);
    expect(checkFrames(task, frames, validate).join("\n")).toMatch(problem);
  });
});

// The SSE consumer against a real HTTP server: parsing, resuming after a drop
// without duplicates or gaps, backoff, giving up, and ending cleanly.
import type { IncomingMessage, ServerResponse } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiErrorFrom, BeeosApiError, ConnectionError, NotFoundError } from "../src/errors.js";
import { eventStream, type EventStreamOptions, type ServerSentEvent } from "../src/sse.js";
import { envelope, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** What the client's operations do: the last id goes in `?since=`, a non-2xx answer becomes its error. */
async function open(lastEventId: string | undefined, signal: AbortSignal): Promise<Response> {
  const url = `${server.url}/events${lastEventId === undefined ? "" : `?since=${encodeURIComponent(lastEventId)}`}`;
  const response = await fetch(url, { signal });
  if (!response.ok) throw apiErrorFrom(response, await response.text(), "GET /events");
  return response;
}

/** Records the waits instead of waiting. */
function recorder(): { waits: number[]; sleep: NonNullable<EventStreamOptions["sleep"]> } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => void waits.push(ms) };
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
}

/** Writes `text`, then destroys the socket once it is flushed: the connection drops. */
function drop(res: ServerResponse, text: string): void {
  res.write(text, () => res.socket?.destroy());
}

const frame = (id: number | string, data: unknown, event?: string): string =>
  `id: ${id}\n${event === undefined ? "" : `event: ${event}\n`}data: ${JSON.stringify(data)}\n\n`;

const socketClosed = (req: IncomingMessage): Promise<void> => new Promise((resolve) => req.socket.once("close", () => resolve()));

async function collect<E>(iterable: AsyncIterable<E>): Promise<E[]> {
  const out: E[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const rejection = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);
const ids = (events: ServerSentEvent[]) => events.map((e) => e.id);

describe("eventStream parsing", () => {
  it("yields names, ids, multi-line data, JSON and text, skipping comments, across split chunks", async () => {
    const body = Buffer.from(
      ": a comment the consumer never sees\n\n" +
        frame(1, { a: 1 }, "message") +
        "id: 2\nevent: status\ndata: line one\ndata: line two\n\n" +
        ": keep-alive\n" +
        "data: plain 🐝 text\n\n" +
        'id: 3\ndata: {"nested":\ndata: [1, 2]}\n\n' +
        'event: end\r\ndata: {"reason":"done"}\r\n\r\n',
    );
    server.handle(async (_req, res) => {
      startSse(res);
      // Cut inside lines and inside the bee's four UTF-8 bytes.
      const cuts = [0, 5, 41, body.indexOf("🐝") + 2, body.indexOf("nested"), body.length];
      for (let i = 1; i < cuts.length; i++) {
        res.write(body.subarray(cuts[i - 1], cuts[i]));
        await new Promise((r) => setTimeout(r, 5));
      }
      res.end();
    });
    const stream = eventStream({ open });
    expect(await collect(stream)).toEqual([
      { id: "1", event: "message", data: { a: 1 } },
      { id: "2", event: "status", data: "line one\nline two" },
      { id: undefined, event: "message", data: "plain 🐝 text" },
      { id: "3", event: "message", data: { nested: [1, 2] } },
      { id: undefined, event: "end", data: { reason: "done" } },
    ]);
    expect(stream.lastEventId).toBe("3");
    expect(server.seen).toHaveLength(1); // a clean end is final: no reconnect
  });

  it("reads 10,000 small events from one response", async () => {
    const body = Array.from({ length: 10_000 }, (_, i) => frame(i + 1, { i })).join("");
    server.handle((_req, res) => {
      startSse(res);
      res.end(body);
    });
    const started = performance.now();
    let count = 0;
    let last: ServerSentEvent | undefined;
    for await (const event of eventStream({ open })) {
      count++;
      last = event;
    }
    expect(count).toBe(10_000);
    expect(last).toEqual({ id: "10000", event: "message", data: { i: 9999 } });
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("keeps the async-iterator protocol for callers of next(): every result is a promise, buffered or not", async () => {
    server.handle((_req, res) => {
      startSse(res);
      res.end(frame(1, { n: 1 }) + frame(2, { n: 2 }));
    });
    const iterator = eventStream({ open })[Symbol.asyncIterator]();
    const results: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const pending = iterator.next();
      expect(pending).toBeInstanceOf(Promise);
      results.push(await pending.then((r) => (r.done ? "done" : (r.value as ServerSentEvent).data)));
    }
    expect(results).toEqual([{ n: 1 }, { n: 2 }, "done", "done"]);
    expect(iterator.return?.()).toBeInstanceOf(Promise);
  });
});

describe("eventStream resuming", () => {
  it.each([
    ["the socket is destroyed after half a frame", (res: ServerResponse) => drop(res, frame(1, 1) + frame(2, 2) + 'id: 3\ndata: {"n"')],
    ["the body ends cleanly after half a frame", (res: ServerResponse) => res.end(frame(1, 1) + frame(2, 2) + "id: 3\ndata: 3\n")],
  ])("resumes when %s: every event once, in order, from the last id", async (_name, first) => {
    server.handle((req, res, n) => {
      startSse(res);
      if (n === 1) return first(res);
      // Replays strictly after `since`, like the servers do.
      expect(req.url).toBe("/events?since=2");
      res.end(frame(3, 3) + frame(4, 4) + 'event: end\ndata: {"reason":"task_terminal"}\n\n');
    });
    const { waits, sleep } = recorder();
    const stream = eventStream({ open, sleep });
    const events = await collect(stream);
    expect(events.map((e) => [e.id, e.event, e.data])).toEqual([
      ["1", "message", 1],
      ["2", "message", 2],
      ["3", "message", 3],
      ["4", "message", 4],
      [undefined, "end", { reason: "task_terminal" }],
    ]);
    expect(server.seen.map((s) => s.url)).toEqual(["/events", "/events?since=2"]);
    expect(waits).toEqual([500]);
    expect(stream.lastEventId).toBe("4");
  });

  it("skips events a server sends again after a resume, decimal ids or not", async () => {
    server.handle((_req, res, n) => {
      startSse(res);
      // This server ignores `since` and replays from the start.
      if (n === 1) return drop(res, frame(1, 1) + frame(2, 2) + frame(3, 3) + "id: 4\n");
      res.end(frame(1, 1) + frame(2, 2) + frame(3, 3) + frame(4, 4) + frame(5, 5));
    });
    expect(ids(await collect(eventStream({ open, sleep: recorder().sleep })))).toEqual(["1", "2", "3", "4", "5"]);

    // Decimal ids at or below the last one are old even when outside what was yielded.
    server.handle((_req, res, n) => {
      startSse(res);
      if (n === 1) return drop(res, frame(10, 10) + frame(20, 20) + "data: half");
      res.end(frame(15, 15) + frame(20, 20) + frame(21, 21));
    });
    expect(ids(await collect(eventStream({ open, sleep: recorder().sleep })))).toEqual(["10", "20", "21"]);

    // Positions of any length, leading zeros ignored: 0010 comes after 9, and ids past 2^53 keep every digit.
    server.handle((_req, res, n) => {
      startSse(res);
      if (n === 1) return drop(res, frame(9, 1) + frame("0010", 2) + frame("9007199254740993", 3) + "data: half");
      res.end(frame("9007199254740992", 0) + frame("009007199254740993", 0) + frame("9007199254740994", 4) + frame("10000000000000000000000", 5) + frame(11, 0));
    });
    expect(ids(await collect(eventStream({ open, sleep: recorder().sleep })))).toEqual(["9", "0010", "9007199254740993", "9007199254740994", "10000000000000000000000"]);

    server.handle((req, res, n) => {
      startSse(res);
      if (n === 1) return drop(res, frame("a", 1) + frame("b", 2) + "id: c\ndata:");
      expect(req.url).toBe("/events?since=b");
      res.end(frame("a", 1) + frame("b", 2) + frame("c", 3));
    });
    expect(ids(await collect(eventStream({ open, sleep: recorder().sleep })))).toEqual(["a", "b", "c"]);
  });

  it("waits what the server's retry: says, doubling per consecutive failure; 5xx is retried", async () => {
    server.handle((_req, res, n) => {
      if (n === 2) return json(res, 503, envelope("unavailable", "try later"));
      startSse(res);
      if (n === 1) return drop(res, "retry: 50\n\n" + frame(1, 1) + "id: 2\n");
      res.end(frame(2, 2));
    });
    const { waits, sleep } = recorder();
    expect(ids(await collect(eventStream({ open, sleep })))).toEqual(["1", "2"]);
    expect(waits).toEqual([50, 100]);
  });

  it("gives up with a ConnectionError after maxReconnects failures in a row, backing off to maxDelayMs", async () => {
    server.handle((req) => void req.socket.destroy());
    const { waits, sleep } = recorder();
    const options = { open, sleep, maxReconnects: 4, initialDelayMs: 100, maxDelayMs: 300 };
    const err = await rejection(collect(eventStream(options)));
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).message).toContain("4 reconnects");
    expect((err as ConnectionError).cause).toBeInstanceOf(TypeError); // fetch's network error
    expect(server.seen).toHaveLength(5);
    expect(waits).toEqual([100, 200, 300, 300]);
  });

  it("counts only failures in a row: a new event resets the count", async () => {
    server.handle((_req, res, n) => {
      startSse(res);
      if (n < 5) return drop(res, frame(n, n) + "data: cut");
      res.end(frame(5, 5));
    });
    const { waits, sleep } = recorder();
    expect(ids(await collect(eventStream({ open, sleep, maxReconnects: 1 })))).toEqual(["1", "2", "3", "4", "5"]);
    expect(waits).toEqual([500, 500, 500, 500]);
  });

  it("treats a 404 from open as final", async () => {
    server.handle((_req, res) => json(res, 404, envelope("not_found", "no such task")));
    const { waits, sleep } = recorder();
    const err = await rejection(collect(eventStream({ open, sleep })));
    expect(err).toBeInstanceOf(NotFoundError);
    expect((err as BeeosApiError).status).toBe(404);
    expect(server.seen).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});

describe("eventStream ending early", () => {
  /** A stream that sends one event and stays open; resolves `closed` when the server sees the socket go. */
  function endless(): { closed: Promise<void> } {
    let closed!: Promise<void>;
    server.handle((req, res) => {
      closed = socketClosed(req);
      startSse(res);
      res.write(frame(1, 1));
    });
    return {
      get closed() {
        return closed;
      },
    };
  }

  it("ends cleanly when the signal aborts mid-stream, and the server sees the socket close", async () => {
    const live = endless();
    const controller = new AbortController();
    const events: ServerSentEvent[] = [];
    for await (const event of eventStream({ open, signal: controller.signal })) {
      events.push(event);
      controller.abort();
    }
    expect(ids(events)).toEqual(["1"]);
    await live.closed;

    // Aborting while a read is pending settles it as the end.
    const later = endless();
    const abort = new AbortController();
    const iterator = eventStream({ open, signal: abort.signal })[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ id: "1" });
    setTimeout(() => abort.abort(), 20);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await later.closed;
    expect(server.seen).toHaveLength(1);
  });

  it.each([
    ["passes the signal to fetch", open],
    ["ignores the signal", (last: string | undefined) => open(last, new AbortController().signal)],
  ])("ends cleanly on close() while a read is pending, when open %s", async (_name, opener) => {
    const live = endless();
    const stream = eventStream({ open: opener });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toMatchObject({ id: "1" });
    setTimeout(() => stream.close(), 20);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    await live.closed;
    expect(stream.lastEventId).toBe("1");
  });

  it("cancels the body on break", async () => {
    const live = endless();
    for await (const event of eventStream({ open })) {
      expect(event.id).toBe("1");
      break;
    }
    await live.closed;
  });

  it("stops waiting out the backoff when aborted, and does not open when already aborted", async () => {
    server.handle((req) => void req.socket.destroy());
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    expect(await collect(eventStream({ open, signal: controller.signal, initialDelayMs: 60_000 }))).toEqual([]);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.seen).toHaveLength(1);

    server.handle((_req, res) => json(res, 500, {}));
    expect(await collect(eventStream({ open, signal: AbortSignal.abort() }))).toEqual([]);
    expect(server.seen).toHaveLength(0);
  });
});

// @ts-check
// Events per second: one task event stream read to its end through @beeos/client,
// against eventsource-parser on the same bytes. Each variant runs in a fresh worker
// per round (`measureIsolated`), so none of them shapes the JIT for another.
import { createParser } from "eventsource-parser";
import { EventSourceParserStream } from "eventsource-parser/stream";
import { createBeeosClient } from "@beeos/client";
import { measureIsolated } from "./common.mjs";
import { goal } from "./report.mjs";

const EVENTS = 2000;
const ROUNDS = 10;
const frame = (/** @type {number} */ i) => `id: ${i}\nevent: message\ndata: {"type":"agent_message_chunk","offset":${i},"body":"chunk ${i} of the reply"}\n\n`;
const bytes = new TextEncoder().encode(Array.from({ length: EVENTS }, (_, i) => frame(i + 1)).join(""));

/** @typedef {{ id: string | undefined, event: string | undefined, data: unknown }} Event */

/** The variants, each reading the whole stream and checking it got every event; `measureIsolated` makes them in each worker. */
export function makeTasks() {
  const response = () => new Response(bytes, { headers: { "content-type": "text/event-stream" } });
  const body = () => /** @type {ReadableStream<Uint8Array>} */ (response().body);
  const beeos = createBeeosClient({ baseUrl: "http://stub.invalid", token: "oag_bench_token", maxRetries: 0, fetch: async () => response() });
  const expect = (/** @type {number} */ n) => {
    if (n !== EVENTS) throw new Error(`expected ${EVENTS} events, got ${n}`);
  };
  return {
    "eventsource-parser alone (decode, parse, JSON.parse)": async () => {
      let n = 0;
      const parser = createParser({ onEvent: (e) => void (JSON.parse(e.data), n++) });
      const decoder = new TextDecoder();
      const reader = body().getReader();
      for (let r = await reader.read(); !r.done; r = await reader.read()) parser.feed(decoder.decode(r.value, { stream: true }));
      expect(n);
    },
    "eventsource-parser's EventSourceParserStream (for await, JSON.parse)": async () => {
      let n = 0;
      const decoded = body().pipeThrough(/** @type {TransformStream<Uint8Array, string>} */ (/** @type {unknown} */ (new TextDecoderStream())));
      const events = decoded.pipeThrough(new EventSourceParserStream());
      for await (const e of /** @type {AsyncIterable<{ data: string }>} */ (/** @type {unknown} */ (events))) void (JSON.parse(e.data), n++);
      expect(n);
    },
    // What any `for await` over this parser costs: its events buffered per chunk (one object per event,
    // as the client makes) and handed out in settled promises by the smallest iterator, with no
    // reconnects, ids or aborts. The client cannot beat this.
    "floor for `for await`: the parser behind a bare async iterator": async () => {
      let n = 0;
      /** @type {Event[]} */
      const ready = [];
      let head = 0;
      const parser = createParser({ onEvent: (e) => void ready.push({ id: e.id, event: e.event, data: JSON.parse(e.data) }) });
      const decoder = new TextDecoder();
      const reader = body().getReader();
      /** @returns {Promise<IteratorResult<Event>>} */
      const refill = async () => {
        ready.length = head = 0;
        for (let r = await reader.read(); !r.done; r = await reader.read()) {
          parser.feed(decoder.decode(r.value, { stream: true }));
          if (ready.length > 0) return { done: /** @type {const} */ (false), value: /** @type {Event} */ (ready[head++]) };
        }
        return { done: /** @type {const} */ (true), value: undefined };
      };
      /** @type {AsyncIterableIterator<Event>} */
      const iterator = {
        next: () => (head < ready.length ? Promise.resolve({ done: /** @type {const} */ (false), value: /** @type {Event} */ (ready[head++]) }) : refill()),
        [Symbol.asyncIterator]: () => iterator,
      };
      for await (const _ev of iterator) n++;
      expect(n);
    },
    "@beeos/client streamTaskEvents (for await)": async () => {
      let n = 0;
      for await (const _ev of beeos.streamTaskEvents({ path: { agentId: "agent_1", taskId: "task_1" } })) n++;
      expect(n);
    },
  };
}

/** @param {{ time: number }} plan  ms each variant runs for in all, over the rounds */
export async function benchStream({ time }) {
  const results = await measureIsolated(import.meta.url, { time, warmup: 50, rounds: ROUNDS });
  const rows = Object.entries(results).map(([what, r]) => ({
    ...{ what, "events/s": (EVENTS * 1000) / r.period, "ms per stream": r.period, "× parser alone": r.ratio, streams: r.runs },
    ...(what.startsWith("@beeos/client") && { goal: goal(r.ratio, "≥", 0.9) }),
  }));
  const note =
    `One stream of ${EVENTS} events (${bytes.length} bytes) read to its end. Each variant runs in a fresh worker thread per round, ` +
    `${time} ms in all over ${ROUNDS} rounds that take turns; "× parser alone" is the median of the rounds' ratios, "ms per stream" the median period. ` +
    "The first row is the reference: the parser's callback, no async step per event. The second is the parser's own stream read with `for await`, as an app would without the client. " +
    "The third is the floor of any `for await` over this parser: what the client would reach with no work of its own.";
  return [{ title: "Event streams, stubbed fetch", note, rows }];
}

// Reads a Server-Sent Events response as an async iterable, reconnecting after a
// dropped connection and resuming after the last event it yielded, so that the
// consumer sees each event once. Browser-safe: fetch streams, TextDecoder, AbortController.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { BeeosApiError, BeeosError, ConnectionError, TimeoutError } from "./errors.js";

/** One event as yielded: `data` is the parsed JSON, or the raw text when it is not JSON. */
export interface ServerSentEvent<T = unknown> {
  id: string | undefined;
  event: string;
  data: T;
}

export interface EventStreamOptions {
  /** Opens one connection. `lastEventId` is the id of the last event already yielded (undefined the first time). Must return the Response (status 200 and text/event-stream) or throw. */
  open(lastEventId: string | undefined, signal: AbortSignal): Promise<Response>;
  /** Ends the iteration cleanly: no error reaches the consumer. */
  signal?: AbortSignal;
  /** Consecutive reconnects without a new event before a ConnectionError (default 5). */
  maxReconnects?: number;
  /** Backoff base (default 500), doubled per consecutive failure; the server's `retry:` replaces it. */
  initialDelayMs?: number;
  /** Upper bound on one wait (default 8000). */
  maxDelayMs?: number;
  /** Resolves after `ms`, or early (without rejecting) once `signal` aborts. Injectable for tests. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface EventStream<E> extends AsyncIterable<E> {
  /** Ends the iteration cleanly and releases the connection. */
  close(): void;
  /** The last id yielded. */
  readonly lastEventId: string | undefined;
}

/** How many recent ids are remembered to drop events a server sends again after a resume. */
const SEEN_WINDOW = 512;
const DECIMAL = /^\d+$/;

/** True for an id not yielded yet, which it then records: a resumed server may replay from before our position. */
function newIdFilter(): (id: string) => boolean {
  const seen = new Set<string>();
  const ring: string[] = []; // the window's ids, the oldest at `slot`: evicting allocates nothing
  let slot = 0;
  let last: bigint | undefined;
  return (id) => {
    // Decimal ids are positions (any size, hence bigint): one at or before the last yielded is old.
    const position = DECIMAL.test(id) ? BigInt(id) : undefined;
    if (seen.has(id) || (position !== undefined && last !== undefined && position <= last)) return false;
    const evicted = ring[slot];
    if (evicted !== undefined) seen.delete(evicted);
    seen.add(id);
    ring[slot] = id;
    slot = (slot + 1) % SEEN_WINDOW;
    last = position;
    return true;
  };
}

function wait(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

// Client mistakes (4xx but 408/429) and usage errors would fail the same way again.
function retryable(error: unknown): boolean {
  if (error instanceof BeeosApiError) return error.status === 408 || error.status === 429 || error.status >= 500;
  // Other errors are network failures (fetch and body reads reject with TypeError in every runtime).
  return !(error instanceof BeeosError) || error instanceof ConnectionError || error instanceof TimeoutError;
}

export function eventStream<E = ServerSentEvent>(options: EventStreamOptions): EventStream<E> {
  const { open, maxReconnects = 5, initialDelayMs = 500, maxDelayMs = 8000, sleep = wait } = options;
  const controller = new AbortController();
  const signal = controller.signal;
  const stop = (): void => controller.abort();
  let lastId: string | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // Cancelling the reader settles a pending read even when `open`'s Response ignores the signal.
  signal.addEventListener("abort", () => void reader?.cancel().catch(() => {}), { once: true });

  async function* run(): AsyncGenerator<E> {
    const queue: EventSourceMessage[] = [];
    let retryMs: number | undefined;
    // One parser and two closures for the whole stream: nothing is allocated per event but the event.
    const parser = createParser({ onEvent: (message) => void queue.push(message), onRetry: (ms) => void (retryMs = ms) });
    const isNew = newIdFilter();
    let failures = 0;
    options.signal?.addEventListener("abort", stop);
    if (options.signal?.aborted) stop();
    try {
      while (!signal.aborted) {
        try {
          const response = await open(lastId, signal);
          reader = response.body?.getReader();
          if (reader === undefined || signal.aborted) return; // no body is an empty stream
          parser.reset();
          const decoder = new TextDecoder(); // also strips a BOM
          let tail = "\n\n"; // the last characters read; the start of a body counts as a frame boundary
          for (;;) {
            const { done, value } = await reader.read();
            if (signal.aborted) return;
            const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
            parser.feed(text);
            tail = (tail + text).slice(-4);
            for (let i = 0; i < queue.length; i++) {
              const { id, event = "message", data } = queue[i]!;
              if (id !== undefined) {
                if (!isNew(id)) continue;
                lastId = id;
              }
              let parsed: unknown = data;
              try {
                parsed = JSON.parse(data);
              } catch {
                // Not JSON: the raw text is the data.
              }
              failures = 0;
              yield { id, event, data: parsed } as E;
              if (signal.aborted) return;
            }
            queue.length = 0;
            if (done) {
              // The servers close after their final event; EOF before a frame's blank line means the connection dropped.
              if (tail.replace(/\r\n?/g, "\n").endsWith("\n\n")) return;
              throw new ConnectionError("event stream: the connection closed in the middle of an event");
            }
          }
        } catch (caught) {
          if (signal.aborted) return;
          if (!retryable(caught)) throw caught;
          if (++failures > maxReconnects) {
            // The server's own answer (a 5xx, a 429) says more than "gave up": hand it over as it is.
            if (caught instanceof BeeosApiError) throw caught;
            throw new ConnectionError(`event stream: gave up after ${maxReconnects} reconnects without a new event`, { cause: caught });
          }
        }
        const delay = Math.min((retryMs ?? initialDelayMs) * 2 ** (failures - 1), maxDelayMs);
        await sleep(delay, signal);
      }
    } finally {
      options.signal?.removeEventListener("abort", stop);
      // Also on `break` and errors: aborting cancels the body (listener above) and whatever `open` tied to the signal.
      stop();
    }
  }

  const iterator = run();
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: stop,
    get lastEventId() {
      return lastId;
    },
  };
}

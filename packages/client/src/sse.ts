// Reads a Server-Sent Events response as an async iterable, reconnecting after a
// dropped connection and resuming after the last event it yielded, so that the
// consumer sees each event once. Browser-safe: fetch streams, TextDecoder, AbortController.
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { BeeosApiError, BeeosError, ConnectionError, TimeoutError } from "./errors.js";
import { isRetryableStatus, sleep as sleepOrReject } from "./transport.js";

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
/**
 * A decimal id as a position to compare: its digits without leading zeros, undefined when the id
 * is not all digits. Positions of any size compare as strings (longer is later, then by digits),
 * which costs less per event than turning each id into a number.
 */
function decimalPosition(id: string): string | undefined {
  const n = id.length;
  if (n === 0) return undefined;
  let zeros = 0;
  for (let i = 0; i < n; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || c > 57) return undefined;
    if (c === 48 && zeros === i && i < n - 1) zeros++;
  }
  return zeros === 0 ? id : id.slice(zeros);
}

/** True for an id not yielded yet, which it then records: a resumed server may replay from before our position. */
function newIdFilter(): (id: string) => boolean {
  const seen = new Set<string>();
  const ring: string[] = []; // the window's ids, the oldest at `slot`: evicting allocates nothing
  let slot = 0;
  let last: string | undefined;
  return (id) => {
    // Decimal ids are positions: one at or before the last yielded is old, and one after it is new,
    // so positions need no memory of their own.
    const position = decimalPosition(id);
    if (position !== undefined) {
      if (last !== undefined && (position.length < last.length || (position.length === last.length && position <= last))) return false;
      last = position;
      return true;
    }
    if (seen.has(id)) return false;
    const evicted = ring[slot];
    if (evicted !== undefined) seen.delete(evicted);
    seen.add(id);
    ring[slot] = id;
    slot = (slot + 1) % SEEN_WINDOW;
    last = undefined;
    return true;
  };
}

/** The transport's wait, but an abort ends it quietly: the stream then stops on its own. */
const wait = (ms: number, signal: AbortSignal): Promise<void> => sleepOrReject(ms, signal).catch(() => undefined);

// Client mistakes (4xx but 408/429) and usage errors would fail the same way again.
function retryable(error: unknown): boolean {
  if (error instanceof BeeosApiError) return isRetryableStatus(error.status);
  // Other errors are network failures (fetch and body reads reject with TypeError in every runtime).
  return !(error instanceof BeeosError) || error instanceof ConnectionError || error instanceof TimeoutError;
}

/**
 * Why a stream's connection is aborted when it ends (its own `close()`, `break`, the end of the body):
 * made once, since a DOMException made per stream (with its stack) costs more than a short stream's parsing.
 */
let closed: DOMException | undefined;

/**
 * Events are parsed as chunks arrive and handed out from a buffer: `next()` answers at once
 * while the buffer holds events and reads (or reconnects) only when it is empty. A plain
 * iterator instead of an async generator: per event that is one settled promise, no
 * generator resumption, so the client keeps pace with the parser alone.
 */
export function eventStream<E = ServerSentEvent>(options: EventStreamOptions): EventStream<E> {
  const { open, maxReconnects = 5, initialDelayMs = 500, maxDelayMs = 8000, sleep = wait } = options;
  const controller = new AbortController();
  const signal = controller.signal;
  const stop = (): void => controller.abort((closed ??= new DOMException("the event stream was closed", "AbortError")));
  let lastId: string | undefined;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  // `signal.aborted` as a plain variable: `next()` reads it once per event.
  let stopped = false;
  // Cancelling the reader settles a pending read even when `open`'s Response ignores the signal.
  signal.addEventListener(
    "abort",
    () => {
      stopped = true;
      void reader?.cancel().catch(() => {});
    },
    { once: true },
  );

  // Parsed events; those from `head` on are not handed out yet.
  const ready: ServerSentEvent[] = [];
  let head = 0;
  let retryMs: number | undefined;
  let failures = 0;
  const isNew = newIdFilter();
  // One parser for the whole stream: nothing is allocated per event but the event.
  const parser = createParser({
    onEvent({ id, event = "message", data }) {
      if (id !== undefined && !isNew(id)) return;
      let parsed: unknown = data;
      try {
        parsed = JSON.parse(data);
      } catch {
        // Not JSON: the raw text is the data.
      }
      failures = 0;
      ready.push({ id, event, data: parsed });
    },
    onRetry: (ms) => void (retryMs = ms),
  });
  let decoder: TextDecoder | undefined;
  let tail = "";
  let started = false;
  let finished = false;
  // The server closed cleanly after a whole frame: the stream is over, nothing to resume.
  let eof = false;

  const release = (): void => {
    if (finished) return;
    finished = true;
    options.signal?.removeEventListener("abort", stop);
    // Also on `break` and errors: aborting cancels the body (listener above) and whatever `open` tied to the signal.
    stop();
  };

  /** Reads until events are buffered (true) or the stream is over (false); reconnects as the rules say. */
  async function fill(): Promise<boolean> {
    if (!started) {
      started = true;
      options.signal?.addEventListener("abort", stop);
      if (options.signal?.aborted) stop();
    }
    while (!signal.aborted && !eof) {
      try {
        if (decoder === undefined) {
          const response = await open(lastId, signal);
          reader = response.body?.getReader();
          if (reader === undefined || signal.aborted) return false; // no body is an empty stream
          parser.reset();
          decoder = new TextDecoder(); // also strips a BOM
          tail = "\n\n"; // the start of a body counts as a frame boundary
        }
        const { done, value } = await (reader as ReadableStreamDefaultReader<Uint8Array>).read();
        if (signal.aborted) return false;
        const text = done ? decoder.decode() : decoder.decode(value, { stream: true });
        parser.feed(text);
        // The last four characters only: concatenating a whole chunk would copy it.
        tail = text.length >= 4 ? text.slice(-4) : (tail + text).slice(-4);
        if (done) {
          decoder = undefined;
          // The servers close after their final event; EOF before a frame's blank line means the connection dropped.
          if (!tail.replace(/\r\n?/g, "\n").endsWith("\n\n")) throw new ConnectionError("event stream: the connection closed in the middle of an event");
          eof = true;
          return ready.length > 0;
        }
        if (ready.length > 0) return true;
        continue;
      } catch (caught) {
        decoder = undefined;
        if (signal.aborted) return false;
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
    return false;
  }

  const end = (): IteratorResult<E> => {
    release();
    return { done: true, value: undefined };
  };
  const take = (): IteratorResult<E> => {
    const event = ready[head++] as ServerSentEvent;
    if (event.id !== undefined) lastId = event.id;
    return { done: false, value: event as E };
  };
  async function pull(): Promise<IteratorResult<E>> {
    ready.length = 0;
    head = 0;
    try {
      if (!(await fill())) return end();
    } catch (err) {
      release();
      throw err;
    }
    return signal.aborted ? end() : take();
  }

  const iterator: AsyncIterator<E> & AsyncIterable<E> = {
    // A buffered event is handed out in an already settled promise: no read, no async function.
    next(): Promise<IteratorResult<E>> {
      if (stopped || finished) return Promise.resolve(end());
      if (head < ready.length) return Promise.resolve(take());
      return pull();
    },
    return(): Promise<IteratorResult<E>> {
      return Promise.resolve(end());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return {
    [Symbol.asyncIterator]: () => iterator,
    close: stop,
    get lastEventId() {
      return lastId;
    },
  };
}

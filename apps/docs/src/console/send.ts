// Sends the console's request with fetch and reads the answer: JSON or text in one
// piece, an event stream event by event as it arrives. fetch (not @beeos/client)
// because the console shows the exchange itself: the raw status, headers and body,
// also for answers the client would turn into an exception.
import type { PreparedRequest } from "./request.js";

export interface StreamEvent {
  id?: string;
  event: string;
  data: string;
}

export interface Answer {
  status: number;
  statusText: string;
  /** The X-Request-Id header, else the error envelope's request_id. */
  requestId: string | undefined;
  /** Milliseconds until the headers arrived, and until the body ended. */
  headersMs: number;
  totalMs: number;
  contentType: string;
  /** The body as text (for a stream: what arrived), pretty-printed when it is JSON. */
  body: string;
  events: StreamEvent[];
  /** The stream was stopped by the user before it ended. */
  aborted: boolean;
}

/**
 * Splits an event stream into events as its text arrives (the WHATWG rules: fields per
 * line, a blank line ends an event, `:` lines are comments, `data` lines join with \n).
 */
export class EventStreamParser {
  private buffer = "";
  private data: string[] = [];
  private event = "";
  private id: string | undefined;

  constructor(private readonly onEvent: (event: StreamEvent) => void) {}

  push(chunk: string): void {
    this.buffer += chunk;
    let end: number;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      const line = this.buffer.slice(0, end);
      const breakLength = this.buffer.startsWith("\r\n", end) ? 2 : 1;
      // A lone \r at the end may be the first half of \r\n: wait for more.
      if (breakLength === 1 && this.buffer[end] === "\r" && end === this.buffer.length - 1) break;
      this.buffer = this.buffer.slice(end + breakLength);
      this.line(line);
    }
  }

  /** The stream ended: an event without its closing blank line is dropped, as browsers do. */
  end(): void {
    this.buffer = "";
    this.data = [];
    this.event = "";
  }

  private line(line: string): void {
    if (line === "") {
      if (this.data.length > 0) {
        const event: StreamEvent = { event: this.event || "message", data: this.data.join("\n") };
        if (this.id !== undefined) event.id = this.id;
        this.onEvent(event);
      }
      this.data = [];
      this.event = "";
      return;
    }
    if (line.startsWith(":")) return;
    const colon = line.indexOf(":");
    const name = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (name === "data") this.data.push(value);
    else if (name === "event") this.event = value;
    else if (name === "id" && !value.includes("\0")) this.id = value;
  }
}

function requestIdOf(headers: Headers, body: string): string | undefined {
  const header = headers.get("x-request-id");
  if (header) return header;
  try {
    const parsed = JSON.parse(body) as { error?: { request_id?: unknown } };
    return typeof parsed.error?.request_id === "string" ? parsed.error.request_id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Sends the request. For an event stream, `onEvent` sees each event as it arrives and
 * `onProgress` the growing answer; `signal` stops it (the answer then says `aborted`).
 */
export async function send(
  request: PreparedRequest,
  options: { signal?: AbortSignal; onEvent?: (event: StreamEvent) => void; onHeaders?: (answer: Answer) => void; fetch?: typeof fetch } = {},
): Promise<Answer> {
  const doFetch = options.fetch ?? fetch;
  const started = performance.now();
  const init: RequestInit = { method: request.method, headers: request.headers };
  if (request.body !== undefined) init.body = request.body;
  if (options.signal) init.signal = options.signal;
  const response = await doFetch(request.url, init);
  const contentType = response.headers.get("content-type") ?? "";
  const answer: Answer = {
    status: response.status,
    statusText: response.statusText,
    requestId: response.headers.get("x-request-id") ?? undefined,
    headersMs: Math.round(performance.now() - started),
    totalMs: 0,
    contentType,
    body: "",
    events: [],
    aborted: false,
  };
  options.onHeaders?.(answer);
  if (contentType.startsWith("text/event-stream") && response.body) {
    const parser = new EventStreamParser((event) => {
      answer.events.push(event);
      options.onEvent?.(event);
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        answer.body += value;
        parser.push(value);
      }
      parser.end();
    } catch (err) {
      if (!options.signal?.aborted) throw err;
      answer.aborted = true;
    }
  } else {
    const text = await response.text();
    answer.body = pretty(text, contentType);
    answer.requestId ??= requestIdOf(response.headers, text);
  }
  answer.totalMs = Math.round(performance.now() - started);
  return answer;
}

function pretty(text: string, contentType: string): string {
  if (!/json/.test(contentType)) return text;
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}

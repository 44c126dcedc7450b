// Server-Sent Events read byte for byte, as the WHATWG rules frame them, so a server
// that a forgiving parser (the client's) would still understand cannot hide a framing
// fault: every frame is a run of `field: value` lines ended by one blank line.
import type { Operation } from "./spec.js";

/** One frame as it arrived: its fields, and the parsed event a client would see. */
export interface SseFrame {
  /** 1-based line of the frame's first line in the stream, for messages. */
  line: number;
  id: string | undefined;
  /** The `event:` name, or `message` (the SSE default) when the frame has none. */
  event: string;
  /** The `data:` lines joined with "\n", as a client assembles them. */
  data: string;
  /** Whether the frame had an `event:` line at all. */
  named: boolean;
}

export interface ParsedStream {
  frames: SseFrame[];
  /** Framing faults, each naming the line; empty for a well-framed stream. */
  problems: string[];
}

// `retry` is part of the protocol; a line starting with ":" is a comment (keep-alive).
const FIELDS = new Set(["id", "event", "data", "retry"]);

/**
 * Splits an event stream into frames and lists every framing fault: a line that is
 * no known field, a field given twice where only one counts, a frame without data,
 * an id with a NUL, and a last frame that is not ended by a blank line (a client
 * drops it: the event never fires).
 */
export function parseEventStream(text: string): ParsedStream {
  const problems: string[] = [];
  const frames: SseFrame[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  // A stream that ends with "\n" splits into a last empty string that is no line of its own.
  const ended = lines.at(-1) === "";
  if (ended) lines.pop();
  let current: { line: number; fields: Array<[string, string]> } | undefined;
  const finish = () => {
    if (!current) return;
    const { line, fields } = current;
    current = undefined;
    const values = (name: string) => fields.filter(([f]) => f === name).map(([, v]) => v);
    const data = values("data");
    const ids = values("id");
    const events = values("event");
    if (data.length === 0) {
      // A frame of only id/retry is legal SSE but fires no event; comments alone are keep-alives.
      if (events.length > 0) problems.push(`line ${line}: event "${events[0]}" has no data line, so no event fires`);
      return;
    }
    if (ids.length > 1) problems.push(`line ${line}: ${ids.length} id lines in one frame`);
    if (events.length > 1) problems.push(`line ${line}: ${events.length} event lines in one frame`);
    const id = ids.at(-1);
    if (id !== undefined && id.includes("\0")) problems.push(`line ${line}: the id contains NUL, which clients ignore`);
    frames.push({ line, id, event: events.at(-1) || "message", data: data.join("\n"), named: events.length > 0 });
  };
  lines.forEach((raw, index) => {
    const n = index + 1;
    if (raw === "") return finish();
    if (raw.startsWith(":")) {
      current ??= { line: n, fields: [] };
      return;
    }
    const colon = raw.indexOf(":");
    const name = colon < 0 ? raw : raw.slice(0, colon);
    // One optional space after the colon belongs to the framing, not the value.
    const value = colon < 0 ? "" : raw.slice(colon + 1).replace(/^ /, "");
    if (!FIELDS.has(name)) problems.push(`line ${n}: "${raw.slice(0, 60)}" is not an SSE field (id, event, data, retry) nor a comment`);
    if (name === "retry" && !/^\d+$/.test(value)) problems.push(`line ${n}: retry must be a whole number of milliseconds, got "${value}"`);
    current ??= { line: n, fields: [] };
    current.fields.push([name, value]);
  });
  if (current) {
    const { line } = current as { line: number };
    problems.push(`line ${line}: the last frame is not ended by a blank line, so a client drops it`);
  }
  if (text.length > 0 && !ended && problems.length === 0) problems.push("the stream does not end with a line break");
  return { frames, problems };
}

/** What a stream's frames break, checked against the operation's documented events. */
export function checkFrames(
  op: Operation,
  frames: readonly SseFrame[],
  validate: (schemaPointer: string, value: unknown) => string[],
): string[] {
  const stream = op.stream;
  if (!stream) throw new Error(`${op.operationId} documents no event stream (${op.pointer})`);
  const problems: string[] = [];
  for (const frame of frames) {
    const at = `line ${frame.line} (${frame.event}${frame.id === undefined ? "" : ` #${frame.id}`})`;
    const documented = stream.events.find((e) => e.name === frame.event);
    if (!documented) {
      problems.push(`${at}: event "${frame.event}" is not documented (${stream.events.map((e) => e.name).join(", ")})`);
      continue;
    }
    let data: unknown;
    try {
      data = JSON.parse(frame.data);
    } catch {
      problems.push(`${at}: data is not JSON: ${frame.data.slice(0, 80)}`);
      continue;
    }
    for (const error of validate(documented.dataPointer, data)) problems.push(`${at}: data ${error}`);
    // The whole event (name, id, data) against the spec's event schema, so a documented
    // `id` shape or a required `event:` line is held too.
    if (stream.eventSchemaPointer) {
      const event = { event: frame.event, ...(frame.id === undefined ? {} : { id: frame.id }), data };
      for (const error of validate(stream.eventSchemaPointer, event)) problems.push(`${at}: event ${error}`);
    }
  }
  return problems;
}

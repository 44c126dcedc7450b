// From the console's form to a request, and from a request to the curl command that
// repeats it. No DOM here, so the tests run it in Node.
import type { ConsoleField, ConsoleOperation } from "./types.js";

/** What the user typed, by field: `path:id`, `query:status`, `body:name`, ... */
export type FormValues = Record<string, string>;

export const fieldKey = (field: Pick<ConsoleField, "in" | "name">): string => `${field.in}:${field.name}`;

export class FieldError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

export interface PreparedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string | undefined;
}

/** The text a field starts with: its example, else its default (JSON for structured values). */
export function initialValue(field: ConsoleField): string {
  const value = field.example ?? field.constraints?.default;
  if (value === undefined || value === null) return "";
  if (field.type === "array" && Array.isArray(value) && value.every((v) => typeof v !== "object")) return value.join(",");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}

/**
 * A field's text as the value the API expects, or undefined when left empty.
 * Throws a FieldError naming the field when the text does not fit its schema.
 */
export function parseField(field: ConsoleField, text: string): unknown {
  const raw = text.trim();
  const where = `${field.in} ${field.name}`;
  if (raw === "") {
    if (field.required) throw new FieldError(where, "is required");
    return undefined;
  }
  const c = field.constraints ?? {};
  switch (field.type) {
    case "integer":
    case "number": {
      const n = Number(raw);
      if (!Number.isFinite(n) || (field.type === "integer" && !Number.isInteger(n))) throw new FieldError(where, `must be ${field.type === "integer" ? "an integer" : "a number"}, got ${JSON.stringify(raw)}`);
      if (c.minimum !== undefined && n < c.minimum) throw new FieldError(where, `must be at least ${c.minimum}`);
      if (c.maximum !== undefined && n > c.maximum) throw new FieldError(where, `must be at most ${c.maximum}`);
      return n;
    }
    case "boolean":
      if (raw !== "true" && raw !== "false") throw new FieldError(where, `must be true or false, got ${JSON.stringify(raw)}`);
      return raw === "true";
    case "string":
      if (c.minLength !== undefined && raw.length < c.minLength) throw new FieldError(where, `must have at least ${c.minLength} characters`);
      if (c.maxLength !== undefined && raw.length > c.maxLength) throw new FieldError(where, `must have at most ${c.maxLength} characters`);
      if (c.pattern !== undefined && !new RegExp(c.pattern, "u").test(raw)) throw new FieldError(where, `must match ${c.pattern}`);
      return raw;
    case "array":
      // A JSON list, or for plain values a comma-separated one.
      if (raw.startsWith("[")) return parseJson(where, raw);
      return raw.split(",").map((s) => s.trim()).filter((s) => s !== "");
    default:
      return parseJson(where, raw);
  }
}

function parseJson(where: string, raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw new FieldError(where, `is not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
}

/**
 * The request an operation makes with these values. `token` goes into the
 * Authorization header; `rawBody` is the text of a body that has no fields.
 */
export function prepareRequest(op: ConsoleOperation, apiUrl: string, values: FormValues, token: string): PreparedRequest {
  const base = apiUrl.trim().replace(/\/+$/, "");
  if (!/^https?:\/\/[^/]+/.test(base)) throw new FieldError("API URL", `must be an http(s) URL such as http://127.0.0.1:4010, got ${JSON.stringify(apiUrl)}`);
  let path = op.path;
  const query = new URLSearchParams();
  const headers: Record<string, string> = {};
  for (const field of op.params) {
    const value = parseField(field, values[fieldKey(field)] ?? "");
    if (value === undefined) continue;
    if (field.in === "path") path = path.replace(`{${field.name}}`, encodeURIComponent(String(value)));
    else if (field.in === "query") {
      if (Array.isArray(value)) for (const item of value) query.append(field.name, String(item));
      else query.set(field.name, typeof value === "object" ? JSON.stringify(value) : String(value));
    } else headers[field.name] = String(value);
  }
  if (token.trim() !== "") headers["Authorization"] = `Bearer ${token.trim()}`;
  headers["Accept"] = op.stream ? "text/event-stream" : "application/json";
  let body: string | undefined;
  if (op.body) {
    if (op.body.fields.length > 0) {
      const object: Record<string, unknown> = {};
      for (const field of op.body.fields) {
        const value = parseField(field, values[fieldKey(field)] ?? "");
        if (value !== undefined) object[field.name] = value;
      }
      if (op.body.required || Object.keys(object).length > 0) body = JSON.stringify(object);
    } else {
      const text = values["body:"] ?? "";
      if (text.trim() !== "") {
        if (/json/.test(op.body.mediaType)) parseJson("body", text);
        body = text;
      } else if (op.body.required) throw new FieldError("body", "is required");
    }
    if (body !== undefined) headers["Content-Type"] = op.body.mediaType;
  }
  const search = query.toString();
  return { method: op.method, url: `${base}${path}${search ? `?${search}` : ""}`, headers, body };
}

/** Single-quoted for a POSIX shell. */
const shellQuote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/**
 * The request as a curl command. The token is never printed: the command reads it from
 * $BEEOS_API_KEY, as the client does.
 */
export function curlCommand(request: PreparedRequest, stream = false): string {
  const lines = [`curl${stream ? " -N" : ""} -X ${request.method} ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers)) {
    if (name === "Accept" && !stream) continue;
    lines.push(name === "Authorization" ? `-H "Authorization: Bearer $BEEOS_API_KEY"` : `-H ${shellQuote(`${name}: ${value}`)}`);
  }
  if (request.body !== undefined) lines.push(`--data-raw ${shellQuote(request.body)}`);
  return lines.join(" \\\n  ");
}

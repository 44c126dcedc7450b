// Verifies the deliveries BeeOS posts to a webhook URL (the spec's `taskEvent`
// webhook). WebCrypto only, so it runs the same in Node 20, browsers, workers and
// edge runtimes, and nothing Node-only enters the entry point.
import { BeeosError, BeeosUsageError } from "./errors.js";
import type { operations } from "./generated/schema.js";
import type { JsonContent } from "./operation.js";

// Looked up, not indexed: a client generated from a spec without the webhook still compiles.
type TaskEvent = operations extends { taskEvent: infer O extends { requestBody?: unknown; parameters: { header?: unknown } } } ? O : never;

/** What a task webhook delivery carries: the request body of the spec's `taskEvent`. */
export type WebhookEvent = [TaskEvent] extends [never] ? unknown : JsonContent<TaskEvent["requestBody"]>;

/** The header with `t=<unix seconds>,v1=<hex HMAC-SHA256>`; `satisfies` ties it to the spec. */
export const WEBHOOK_SIGNATURE_HEADER = "X-BeeOS-Signature" satisfies [TaskEvent] extends [never] ? string : keyof NonNullable<TaskEvent["parameters"]["header"]>;

export interface VerifyWebhookOptions {
  /** The `secret` the webhook was registered with. */
  secret: string;
  /** The `X-BeeOS-Signature` header as received, e.g. `req.headers["x-beeos-signature"]` (missing is an error, not a pass). */
  signature: string | readonly string[] | null | undefined;
  /** The raw body, exactly the bytes received: parsed and re-encoded JSON will not verify. */
  body: string | Uint8Array | ArrayBuffer;
  /** How far the timestamp may be from now, either way. Default 300 (the spec's 5 minutes). */
  toleranceSeconds?: number | undefined;
  /** The time to check against, as a Date or milliseconds since the epoch. Default: now. */
  now?: Date | number | undefined;
}

/** What `verifyWebhook` found wrong with a delivery. */
export type WebhookFailure = "missing_signature" | "malformed_signature" | "stale" | "future" | "bad_signature" | "invalid_json";

/** A webhook delivery failed verification; `reason` says which check, the message says how. */
export class WebhookVerificationError extends BeeosError {
  readonly reason: WebhookFailure;
  constructor(reason: WebhookFailure, message: string) {
    super(message);
    this.reason = reason;
  }
}
// Named on the prototype, as the classes in errors.ts are; defined here, so only apps that verify webhooks ship it.
WebhookVerificationError.prototype.name = "WebhookVerificationError";

const encoder = new TextEncoder();
const HEX64 = /^[0-9a-f]{64}$/i;

function parseSignature(header: string): { timestamp: string; candidates: string[] } {
  let timestamp: string | undefined;
  const candidates: string[] = [];
  for (const part of header.split(",")) {
    const at = part.indexOf("=");
    if (at === -1) continue;
    const key = part.slice(0, at).trim();
    const value = part.slice(at + 1).trim();
    if (key === "t" && /^\d{1,12}$/.test(value)) timestamp = value;
    // Several v1 values appear while a secret is rotated; other schemes are for later versions.
    else if (key === "v1" && HEX64.test(value)) candidates.push(value.toLowerCase());
  }
  if (timestamp === undefined || candidates.length === 0) {
    throw new WebhookVerificationError("malformed_signature", `${WEBHOOK_SIGNATURE_HEADER} is not "t=<unix seconds>,v1=<64 hex digits>"`);
  }
  return { timestamp, candidates };
}

/** Equal strings of equal length, in time that does not depend on where they differ. */
function constantTimeEqual(a: string, b: string): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ b.charCodeAt(i);
  return diff === 0;
}

async function hmacHex(secret: string, signed: Uint8Array<ArrayBuffer>): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new BeeosUsageError("verifyWebhook: this runtime has no WebCrypto (globalThis.crypto.subtle)");
  const key = await subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await subtle.sign("HMAC", key, signed));
  return Array.from(mac, (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Checks a delivery's signature and age, then parses its body. Resolves to the typed
 * event; rejects with a WebhookVerificationError saying which check failed.
 */
export async function verifyWebhook(options: VerifyWebhookOptions): Promise<WebhookEvent> {
  const { secret, body, toleranceSeconds = 300, now = Date.now() } = options;
  // Node gives a header sent twice as an array; its parts read like one comma-separated value.
  const signature = Array.isArray(options.signature) ? options.signature.join(",") : options.signature;
  if (typeof secret !== "string" || secret === "") throw new BeeosUsageError("verifyWebhook: `secret` must be a non-empty string");
  if (!Number.isFinite(toleranceSeconds) || toleranceSeconds < 0) throw new BeeosUsageError("verifyWebhook: `toleranceSeconds` must be a number >= 0");
  if (typeof signature !== "string" || signature.trim() === "") {
    throw new WebhookVerificationError("missing_signature", `the ${WEBHOOK_SIGNATURE_HEADER} header is missing`);
  }
  const { timestamp, candidates } = parseSignature(signature);

  const age = Math.floor(Number(now) / 1000) - Number(timestamp);
  if (age > toleranceSeconds) throw new WebhookVerificationError("stale", `the delivery is ${age}s old, more than the ${toleranceSeconds}s allowed`);
  if (-age > toleranceSeconds) throw new WebhookVerificationError("future", `the delivery is dated ${-age}s ahead, more than the ${toleranceSeconds}s allowed`);

  const bytes = typeof body === "string" ? encoder.encode(body) : body instanceof Uint8Array ? body : new Uint8Array(body);
  const prefix = encoder.encode(`${timestamp}.`);
  const signed = new Uint8Array(prefix.length + bytes.length);
  signed.set(prefix);
  signed.set(bytes, prefix.length);
  const expected = await hmacHex(secret, signed);
  // Every candidate is compared, so the time taken does not say which one matched.
  const matches = candidates.reduce((found, candidate) => constantTimeEqual(candidate, expected) || found, false);
  if (!matches) throw new WebhookVerificationError("bad_signature", "the signature does not match the body (wrong secret, or the body was changed or re-encoded)");

  try {
    return JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as WebhookEvent;
  } catch {
    throw new WebhookVerificationError("invalid_json", "the signature is valid but the body is not JSON");
  }
}

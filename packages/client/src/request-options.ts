// Options of one call (the last argument of every operation method) and the
// checks shared with the client's own options, so both fail the same way.
import { BeeosUsageError } from "./errors.js";

/** Options of one call; each overrides the client's for this call only. */
export interface RequestOptions {
  /** Per attempt, until the whole body arrived. Default: the client's `timeoutMs`. */
  timeoutMs?: number | undefined;
  /** Retries after the first attempt. Default: the client's `maxRetries`. */
  maxRetries?: number | undefined;
  /** Cancels the request, and any retry still to come. */
  signal?: AbortSignal | undefined;
  /** Extra headers (any HeadersInit); they win over the client's `defaultHeaders`. */
  headers?: HeadersInit | undefined;
  /**
   * Sent as `Idempotency-Key`, the same on every retry, and makes the call retriable.
   * Operations that declare the header get a random key when none is given.
   */
  idempotencyKey?: string | undefined;
}

/** Limits the transport applies to one call. */
export interface CallLimits {
  timeoutMs?: number;
  maxRetries?: number;
}

/** A number option: finite, at least `min`, whole when `whole`; undefined means the default. */
export function checkNumber(value: number | undefined, name: string, min: number, whole: boolean, where: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || (whole && !Number.isInteger(value))) {
    throw new BeeosUsageError(`${where}: ${name} must be a ${whole ? "whole " : ""}number >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** A random v4 UUID: `randomUUID` where it exists (browsers have it only on https pages), else from getRandomValues. */
export function randomKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

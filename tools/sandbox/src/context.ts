// What a handler gets and gives back.
import type { CompiledOperation } from "./spec.js";
import type { Space } from "./state.js";
import type { World } from "./world.js";

export interface Ctx {
  token: string;
  space: Space;
  world: World;
  op: CompiledOperation;
  /** Path parameters, decoded. */
  path: Record<string, string>;
  /** Query parameters, coerced to their schema's type and validated. */
  query: Record<string, any>;
  /** Header parameters the operation declares (lower-case names), validated. */
  headers: Record<string, string | undefined>;
  /** The parsed JSON body (validated), or undefined. */
  body: any;
  accept: string;
  /** This sandbox's own base URL (for links it hands out). */
  baseUrl: string;
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Checks outgoing SSE events against the spec, when the sandbox checks itself. */
  checkEvent: (event: { event?: string; id?: string; data: unknown }) => void;
}

/** A JSON answer (the pipeline serialises, checks and records it) or a ready Response (streams). */
export type Result = { status: number; body?: unknown; headers?: Record<string, string> } | Response;

export type Handler = (ctx: Ctx) => Result | Promise<Result>;

export const ok = (body: unknown, status = 200, headers?: Record<string, string>): Result =>
  headers ? { status, body, headers } : { status, body };
export const wrap = (data: unknown, status = 200, extra: Record<string, unknown> = {}): Result => ({ status, body: { success: true, data, ...extra } });

/** Public option and seed types of `@beeos/sandbox`. */

export interface SandboxOptions {
  /** Interface to bind; 127.0.0.1 unless told otherwise. */
  host?: string | undefined;
  /** 0 (the default) picks a free port. */
  port?: number | undefined;
  /** Time scale of state transitions: 1 = the documented real-ish durations, 100 = 100 times faster. Default 1. */
  speed?: number | undefined;
  /** Initial state: a JSON seed file's path or a seed object. Default: a handful of believable resources. */
  seed?: string | SandboxSeed | undefined;
  /** Persist acknowledged state to this file (written atomically) and load it on start. */
  statePath?: string | undefined;
  /** Receives one line per request and per notable event; silent by default. */
  log?: ((line: string) => void) | undefined;
  /** How long a request body may take to arrive, in ms (not scaled by `speed`). Default 10000. */
  bodyTimeoutMs?: number | undefined;
  /** Largest accepted request body in bytes. Default 65536 (the spec's 64 KiB). */
  bodyLimitBytes?: number | undefined;
  /**
   * Called with each response that does not match the spec (the sandbox checks its own answers
   * against the bundled spec when this is set). Tests use it to prove zero drift.
   */
  onViolation?: ((violation: ResponseViolation) => void) | undefined;
}

export interface ResponseViolation {
  operationId: string;
  method: string;
  path: string;
  status: number;
  problems: string[];
}

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:4010 (no trailing slash). */
  readonly url: string;
  readonly port: number;
  /** Drops every token's state and loads the seed again. */
  reset(): Promise<void>;
  /** Stops listening, ends open streams and timers, writes the state file. Safe to call twice. */
  close(): Promise<void>;
}

/**
 * Resources as the spec describes them; omitted fields get believable defaults. A task may
 * carry its `messages` and `webhooks` (each with `secret`, `token` and `deliveries`), a
 * conversation its `messages`.
 */
export interface SeedResources {
  instances?: Record<string, unknown>[];
  agents?: Record<string, unknown>[];
  tasks?: Record<string, unknown>[];
  conversations?: Record<string, unknown>[];
  files?: Record<string, unknown>[];
  /** Runtime operations; each may carry its `events` (RuntimeOperationEvent without `sequence`). */
  operations?: Record<string, unknown>[];
}

/**
 * The seed: `shared` is what every token starts with (each token gets its own copy);
 * `tokens` maps a bearer token to what it starts with instead.
 */
export interface SandboxSeed {
  shared?: SeedResources;
  tokens?: Record<string, SeedResources>;
}

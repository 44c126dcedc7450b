// Waiting for a resource to settle: an instance until it reaches a wanted status,
// a task until a final one. Which statuses are final is the spec's word
// (`x-beeos-final-values`), never this file's. A task is followed on its event
// stream when the spec offers one, with polling as the fallback.
import { finalValues } from "./generated/operations.js";
import type { components } from "./generated/schema.js";
import type { OpenValueSets } from "./generated/models.js";
import { BeeosError } from "./errors.js";
import { sleep } from "./transport.js";

// Looked up, not indexed: a client generated from another spec still compiles.
type Schema<N extends string> = components["schemas"] extends { [K in N]: infer S } ? S : { status: string };
export type Instance = Schema<"Instance">;
export type Task = Schema<"Task">;
type InstanceStatus = OpenValueSets extends { InstanceStatus: infer S } ? S : string;

/** Thrown when a waiter's time runs out; `last` is the resource as last seen. */
export class WaitTimeoutError extends BeeosError {
  /** The resource as last seen. Not enumerable, so logs and JSON skip it (as an API error's `body`). */
  declare readonly last: unknown;
  constructor(message: string, last: unknown) {
    super(message);
    Object.defineProperty(this, "last", { value: last });
  }
}
// Named on the prototype, as the classes in errors.ts are.
WaitTimeoutError.prototype.name = "WaitTimeoutError";

export interface WaitOptions {
  /** Give up after this long (default 5 minutes) with a WaitTimeoutError. */
  timeoutMs?: number | undefined;
  /** Between two looks (default 2 s). */
  intervalMs?: number | undefined;
  signal?: AbortSignal | undefined;
}

export interface WaitForInstanceOptions extends WaitOptions {
  /** The status (or statuses) to wait for; default `running`. A final status ends the wait too. */
  until?: InstanceStatus | readonly InstanceStatus[] | undefined;
}

/** What the waiters need from a client. */
export interface WaiterClient {
  getInstance(input: { path: { id: string } }, options?: { signal?: AbortSignal }): Promise<{ data: Instance }>;
  getTask(input: { path: { agentId: string; taskId: string } }, options?: { signal?: AbortSignal }): Promise<{ data: Task }>;
  /** Present when the spec offers the task's event stream: resolves when the stream ends. */
  followTask?: ((task: { agentId: string; taskId: string }, signal: AbortSignal) => Promise<void>) | undefined;
}

const finals = finalValues as Record<string, readonly string[] | undefined>;
const FINAL_INSTANCE: readonly string[] = finals["InstanceStatus"] ?? [];
const FINAL_TASK: readonly string[] = finals["TaskStatus"] ?? [];

/** Calls `look` until `settled` says so, the time is up (WaitTimeoutError) or the caller aborts. */
async function waitUntil<T>(what: string, options: WaitOptions, look: (signal: AbortSignal) => Promise<T>, settled: (value: T) => boolean, between?: (signal: AbortSignal) => Promise<void>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 300_000;
  const intervalMs = options.intervalMs ?? 2_000;
  const deadline = AbortSignal.timeout(timeoutMs);
  const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
  let last: T | undefined;
  try {
    for (;;) {
      last = await look(signal);
      if (settled(last)) return last;
      await (between ? between(signal) : sleep(intervalMs, signal));
    }
  } catch (err) {
    if (deadline.aborted && !options.signal?.aborted) throw new WaitTimeoutError(`${what}: still not settled after ${timeoutMs} ms`, last);
    throw err;
  }
}

export function waitForInstance(client: WaiterClient, id: string, options: WaitForInstanceOptions = {}): Promise<Instance> {
  const until: readonly string[] = typeof options.until === "string" ? [options.until] : (options.until ?? ["running"]);
  const look = async (signal: AbortSignal) => (await client.getInstance({ path: { id } }, { signal })).data;
  const settled = (i: Instance) => until.includes((i as { status: string }).status) || FINAL_INSTANCE.includes((i as { status: string }).status);
  return waitUntil(`waitForInstance(${JSON.stringify(id)}, until ${until.join(" | ")})`, options, look, settled);
}

export function waitForTask(client: WaiterClient, task: { agentId: string; taskId: string }, options: WaitOptions = {}): Promise<Task> {
  const look = async (signal: AbortSignal) => (await client.getTask({ path: task }, { signal })).data;
  const settled = (t: Task) => FINAL_TASK.includes((t as { status: string }).status);
  // With a stream, the next look comes when the stream ends (the task's `end`), not after a fixed wait.
  const follow = client.followTask;
  const between = follow
    ? async (signal: AbortSignal) => {
        try {
          await follow(task, signal);
        } catch (err) {
          if (signal.aborted) throw err;
          await sleep(options.intervalMs ?? 2_000, signal);
        }
      }
    : undefined;
  return waitUntil(`waitForTask(${task.agentId}/${task.taskId})`, options, look, settled, between);
}

// `createBeeosClient`: a core with every operation as a documented method, the
// path-based surface, paging, waiters and `withOptions`. An app that wants only a
// few operations uses `createBeeosCore` with the operation functions instead.
import type { Client } from "openapi-fetch";
import { operationFunctions } from "./generated/functions.js";
import type { OperationId, OperationTable, PaginatedOperationId } from "./generated/operations.js";
import type { paths } from "./generated/schema.js";
import type { OperationMethods } from "./generated/methods.js";
import { createBeeosCore, headerRecord, type BeeosClientOptions, type BeeosCore } from "./core.js";
import { BeeosUsageError } from "./errors.js";
import type { OperationInput } from "./operation.js";
import { paginate, type PageIterable, type PageRequestOptions, type PaginateOptions } from "./paginate.js";
import { pathClient } from "./paths.js";
import { waitForInstance, waitForTask, type Instance, type Task, type WaitForInstanceOptions, type WaitOptions, type WaiterClient } from "./waiters.js";

export type { BeeosClientOptions, BeeosCore } from "./core.js";
export type { PageRequestOptions } from "./paginate.js";

export type BeeosClient = BeeosCore &
  Client<paths> &
  OperationMethods & {
    /**
     * Walks every page of a paginated operation; `for await` yields items, `.pages()` pages.
     * The request options apply to every page (no idempotency key: one key for many reads would be wrong).
     */
    paginate<K extends PaginatedOperationId>(id: K, input?: OperationInput<K>, options?: PaginateOptions & PageRequestOptions): PageIterable<K>;
    /**
     * A client with these options changed and every other one (fetch, token, base URL, …) as
     * here; `retry` and `defaultHeaders` are merged into this client's. Middleware is not copied.
     */
    withOptions(options: Omit<BeeosClientOptions, "fetch">): BeeosClient;
    /** Polls the instance until its status is one of `until` (default `running`) or a final one; WaitTimeoutError after `timeoutMs`. */
    waitForInstance(id: string, options?: WaitForInstanceOptions): Promise<Instance>;
    /** Waits until the task reaches a final status, following its event stream between looks; WaitTimeoutError after `timeoutMs`. */
    waitForTask(task: { agentId: string; taskId: string }, options?: WaitOptions): Promise<Task>;
  };

type AnyFunction = ((core: BeeosCore, input?: object, options?: object) => unknown) & { operationId: OperationId; pagination?: object };
const all = operationFunctions as unknown as readonly AnyFunction[];

/** What each operation is at run time (method, path, paging, streaming), by operationId. */
export const operationIndex = /*#__PURE__*/ Object.fromEntries(all.map(({ operationId, ...row }) => [operationId, row])) as unknown as {
  readonly [K in OperationId]: OperationTable[K];
};

// `undefined` in withOptions means "as before", not "back to the default".
const given = <T extends object>(options: T): Partial<T> =>
  Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;

export function createBeeosClient(options: BeeosClientOptions = {}): BeeosClient {
  const client = createBeeosCore(options) as BeeosCore & Record<string, unknown>;
  const byId: Record<string, AnyFunction> = {};
  for (const fn of all) {
    byId[fn.operationId] = fn;
    client[fn.operationId] = (input?: object, opts?: object) => fn(client, input, opts);
  }
  // Found by name at run time: a client generated from another spec has no such operations.
  const need = (id: string) => {
    const method = client[id] as ((input: object, options?: object) => unknown) | undefined;
    if (!method) throw new BeeosUsageError(`this API has no ${id} operation, which the waiter needs`);
    return method;
  };
  const follow = client["streamTaskEvents"] as ((input: object, options: object) => AsyncIterable<unknown>) | undefined;
  const waiter: WaiterClient = {
    getInstance: (input, opts) => need("getInstance")(input, opts) as ReturnType<WaiterClient["getInstance"]>,
    getTask: (input, opts) => need("getTask")(input, opts) as ReturnType<WaiterClient["getTask"]>,
    // Reading the stream to its end is the wait; its events are not needed here.
    followTask: follow
      ? async (task, signal) => {
          for await (const _event of follow({ path: task }, { signal })) void _event;
        }
      : undefined,
  };
  return Object.assign(client, pathClient(client), {
    waitForInstance: (id: string, opts?: WaitForInstanceOptions) => waitForInstance(waiter, id, opts),
    waitForTask: (task: { agentId: string; taskId: string }, opts?: WaitOptions) => waitForTask(waiter, task, opts),
    paginate: <K extends PaginatedOperationId>(id: K, input?: OperationInput<K>, opts?: PaginateOptions & PageRequestOptions) => {
      // An id with no function pages like an operation without pagination: the same usage error.
      const fn = byId[id] ?? { operationId: id };
      return paginate(client, fn as never, input as never, opts) as PageIterable<K>;
    },
    withOptions: (overrides: Omit<BeeosClientOptions, "fetch">) => {
      const next = given(overrides);
      const token = (client.secrets as string[])[0];
      return createBeeosClient({
        ...options,
        baseUrl: client.baseUrl,
        token,
        ...next,
        fetch: options.fetch,
        retry: { ...options.retry, ...given(next.retry ?? {}) },
        defaultHeaders: headerRecord("withOptions: defaultHeaders", options.defaultHeaders, next.defaultHeaders),
      });
    },
  }) as unknown as BeeosClient;
}

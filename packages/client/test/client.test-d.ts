// The client's public types follow the spec: inputs and results of every
// operation method, which ids paginate, and that wrong inputs do not compile.
import { describe, expectTypeOf, it } from "vitest";
import type * as Models from "../src/index.js";
import {
  BeeosApiError,
  BeeosError,
  NotFoundError,
  createBeeosClient,
  operationIndex,
  type OperationId,
  type OperationInput,
  type PageItem,
  type components,
  type operations,
} from "../src/index.js";
import type { RequestOptions } from "../src/request-options.js";
import { verifyWebhook } from "../src/webhooks.js";

type Instance = components["schemas"]["Instance"];
type Json<R> = R extends { content: { "application/json": infer B } } ? B : never;

const beeos = createBeeosClient({ token: "oag_x" });

describe("operation methods", () => {
  it("exist for every operationId of the spec", () => {
    expectTypeOf(operationIndex).toHaveProperty("listInstances");
    type Methods = { [K in OperationId]: (typeof beeos)[K] };
    // every operation of `paths`; the webhook (`taskEvent`) is received, not called
    expectTypeOf<keyof Methods>().toEqualTypeOf<Exclude<keyof operations, "taskEvent">>();
  });

  it("take the spec's inputs", () => {
    expectTypeOf<OperationInput<"getInstance">["path"]>().toEqualTypeOf<{ id: string }>();
    expectTypeOf<NonNullable<OperationInput<"listInstances">["query"]>>().toEqualTypeOf<
      NonNullable<operations["listInstances"]["parameters"]["query"]>
    >();
    expectTypeOf<OperationInput<"deployInstance">["body"]>().toEqualTypeOf<components["schemas"]["DeployInstanceRequest"]>();
    expectTypeOf(beeos.listProviders).parameter(0).toEqualTypeOf<OperationInput<"listProviders"> | undefined>();
    expectTypeOf(beeos.getInstance).parameter(0).toEqualTypeOf<OperationInput<"getInstance">>();
  });

  it("resolve to the spec's success body, with the request id", async () => {
    const page = await beeos.listInstances();
    expectTypeOf(page.data).toEqualTypeOf<Instance[]>();
    expectTypeOf(page.total).toEqualTypeOf<number>();
    expectTypeOf(page.requestId).toEqualTypeOf<string | undefined>();
    expectTypeOf(page).toExtend<Json<operations["listInstances"]["responses"][200]>>();
    const deployed = await beeos.deployInstance({ body: { name: "a" } });
    expectTypeOf(deployed.data).toEqualTypeOf<Instance>();
    const destroyed = await beeos.destroyInstance({ path: { id: "i" } });
    expectTypeOf(destroyed.data).toEqualTypeOf<string>();
    const regions = await beeos.listDeployRegions();
    expectTypeOf(regions.data[0]!.available).toEqualTypeOf<boolean>();
  });

  it("reject wrong inputs", () => {
    // @ts-expect-error a query parameter the spec does not have
    void beeos.listInstances({ query: { colour: "red" } });
    // @ts-expect-error pageSize is a number
    void beeos.listInstances({ query: { pageSize: "50" } });
    // @ts-expect-error getInstance needs its path
    void beeos.getInstance();
    // @ts-expect-error the id is a string
    void beeos.getInstance({ path: { id: 1 } });
    // @ts-expect-error deployInstance needs a body with a name
    void beeos.deployInstance({ body: { agentFramework: "x" } });
    // an optional body may be left out; a required one may not
    void beeos.createConversation({ path: { agentId: "agent_1" } });
    // @ts-expect-error startInstance has no body
    void beeos.startInstance({ path: { id: "i" }, body: { name: "x" } });
    // @ts-expect-error headers are strings
    void beeos.listProviders({ headers: { "Idempotency-Key": 1 } });
  });
});

describe("named model types", () => {
  it("name every schema of the spec, globals suffixed", () => {
    expectTypeOf<Models.Instance>().toEqualTypeOf<components["schemas"]["Instance"]>();
    expectTypeOf<Models.Task>().toEqualTypeOf<components["schemas"]["Task"]>();
    expectTypeOf<Models.ErrorSchema>().toEqualTypeOf<components["schemas"]["Error"]>();
  });
});

describe("paginate", () => {
  it("accepts only paginated operations and yields their items", async () => {
    for await (const item of beeos.paginate("listInstances", { query: { status: "running" } })) {
      expectTypeOf(item).toEqualTypeOf<Instance>();
    }
    for await (const page of beeos.paginate("listInstances").pages()) {
      expectTypeOf(page.total).toEqualTypeOf<number>();
    }
    type S = components["schemas"];
    expectTypeOf<PageItem<"listAgents">>().toEqualTypeOf<S["Agent"]>();
    expectTypeOf<PageItem<"listUserTasks">>().toEqualTypeOf<S["TaskSummary"]>();
    expectTypeOf<PageItem<"listTaskMessages">>().toEqualTypeOf<S["Message"]>();
    expectTypeOf<PageItem<"listRuntimeOperations">>().toEqualTypeOf<S["RuntimeOperation"]>();
    // @ts-expect-error listProviders does not page
    void beeos.paginate("listProviders");
    // @ts-expect-error not an operation
    void beeos.paginate("listEverything");
    // @ts-expect-error a filter the operation does not have
    void beeos.paginate("listInstances", { query: { colour: "red" } });
  });
});

describe("openapi-fetch surface and errors", () => {
  it("keeps GET and friends typed by path", async () => {
    const { data, error } = await beeos.GET("/api/v1/instances", { params: { query: { pageSize: 50 } } });
    expectTypeOf(data).toEqualTypeOf<Json<operations["listInstances"]["responses"][200]> | undefined>();
    expectTypeOf(error).not.toBeAny();
    // @ts-expect-error no such path
    void beeos.GET("/api/v1/nothing");
  });

  it("narrow by class and code", () => {
    const err: unknown = null;
    if (err instanceof NotFoundError) {
      expectTypeOf(err).toExtend<BeeosApiError>();
      expectTypeOf(err.status).toEqualTypeOf<number>();
      expectTypeOf(err.code).toEqualTypeOf<string | undefined>();
      expectTypeOf(err.requestId).toEqualTypeOf<string | undefined>();
      expectTypeOf(err.metadata).toEqualTypeOf<Record<string, string> | undefined>();
      expectTypeOf(err.response).toEqualTypeOf<Response>();
    }
    expectTypeOf<BeeosApiError>().toExtend<BeeosError>();
  });
});

describe("the options argument, withOptions and webhooks", () => {
  it("is the last argument of every operation method", () => {
    expectTypeOf(beeos.getInstance).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
    expectTypeOf(beeos.listProviders).parameter(1).toEqualTypeOf<RequestOptions | undefined>();
    void beeos.getInstance({ path: { id: "i" } }, { timeoutMs: 5_000, maxRetries: 0, signal: AbortSignal.timeout(1), headers: new Headers(), idempotencyKey: "k" });
    void beeos.listProviders(undefined, { headers: [["X-Trace", "1"]] });
    void beeos.listProviders({}, { headers: { "X-Trace": "1" }, timeoutMs: undefined });
    void beeos.paginate("listInstances", {}, { maxPages: 3, signal: AbortSignal.timeout(1) });
    // @ts-expect-error paginate's pages take no idempotency key: one key for many reads would be wrong
    void beeos.paginate("listInstances", {}, { idempotencyKey: "k" });
    // @ts-expect-error timeoutMs is a number
    void beeos.listProviders(undefined, { timeoutMs: "5s" });
    // @ts-expect-error not an option
    void beeos.listProviders(undefined, { retries: 1 });
    // @ts-expect-error getInstance still needs its input first
    void beeos.getInstance(undefined, { timeoutMs: 1 });
  });

  it("withOptions takes every client option but fetch and returns the same client type", () => {
    expectTypeOf(beeos.withOptions({ maxRetries: 5, defaultHeaders: [["X-Team", "core"]] })).toEqualTypeOf<typeof beeos>();
    // @ts-expect-error the derived client shares the fetch
    void beeos.withOptions({ fetch: globalThis.fetch });
  });

  it("errors carry retryAfterMs; verifyWebhook resolves to the spec's taskEvent body", () => {
    expectTypeOf<BeeosApiError["retryAfterMs"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf(verifyWebhook).returns.resolves.toEqualTypeOf<components["schemas"]["TaskWebhookEvent"]>();
    expectTypeOf(verifyWebhook).parameter(0).toHaveProperty("body").toEqualTypeOf<string | Uint8Array | ArrayBuffer>();
  });
});

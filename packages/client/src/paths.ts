// The path-based surface (`GET`, `POST`, …, `request`, `use`, `eject`) with openapi-fetch's
// types and results (`{ data, error, response }`; a non-2xx answer is `error`, not a throw),
// on the client's own `send`: the same token, headers, retries and timeouts as its methods.
import type { Client, Middleware } from "openapi-fetch";
import type { paths } from "./generated/schema.js";
import { errorBody, headerRecord, send, type BeeosCore, type Interceptor } from "./core.js";
import { checkQuery, encodeBody, fillPath, queryString } from "./operation.js";
import type { ReadAs, Received } from "./transport.js";

type Init = {
  params?: { path?: Record<string, unknown>; query?: Record<string, unknown>; header?: Record<string, unknown> };
  body?: unknown;
  headers?: HeadersInit;
  signal?: AbortSignal;
  parseAs?: "json" | "text" | "blob" | "arrayBuffer" | "stream";
};

let requestCount = 0;

/**
 * The path-based surface's middleware (openapi-fetch's shape): it sees one Request and one
 * Response per call; every attempt, retry and redirect happens beneath it. Only clients
 * that added some pay for building those objects.
 */
function chain(middleware: Middleware[]): Interceptor {
  return async (core, sent, outgoing, limits, read) => {
    const id = String(++requestCount);
    const init: RequestInit = { method: sent.method, headers: outgoing.headers, ...(sent.body === undefined ? {} : { body: sent.body }), ...(sent.signal ? { signal: sent.signal } : {}) };
    let request = new Request(sent.url, init);
    const context = { schemaPath: sent.schemaPath, params: sent.params, id, options: {} as never };
    let response: Response | undefined;
    for (const m of middleware) {
      const out = await m.onRequest?.({ ...context, request });
      if (out instanceof Response) {
        response = out;
        break;
      }
      if (out instanceof Request) request = out;
    }
    if (response === undefined) {
      const body = request.body === null ? undefined : await request.arrayBuffer();
      const changed = { ...outgoing, method: request.method, url: request.url, headers: headerRecord(sent.where, request.headers), body };
      let received: Received;
      try {
        received = await core.transport(changed, limits, read);
      } catch (error) {
        let handled: unknown;
        for (const m of middleware) handled ??= await m.onError?.({ ...context, request, error });
        if (handled instanceof Response) return { response: handled, data: await handled.text() };
        throw handled instanceof Error ? handled : error;
      }
      response = received.data === undefined ? received.response : new Response(received.data, received.response);
    }
    for (const m of [...middleware].reverse()) {
      const out: unknown = await m.onResponse?.({ ...context, request, response });
      if (out instanceof Response) response = out;
    }
    if (read === "stream" && response.ok) return { response, data: undefined };
    return { response, data: read === "blob" && response.ok ? await response.blob() : await response.text() };
  };
}

const METHODS = ["GET", "PUT", "POST", "DELETE", "OPTIONS", "HEAD", "PATCH", "TRACE"] as const;

export function pathClient(core: BeeosCore): Client<paths> {
  const middleware: Middleware[] = [];
  const through = chain(middleware);
  async function request(method: string, path: string, init: Init = {}) {
    const upper = method.toUpperCase();
    const where = `${upper} ${path}`;
    const { params = {}, parseAs = "json" } = init;
    checkQuery(where, params.query);
    const url = core.baseUrl + fillPath(where, path, params.path) + queryString(params.query);
    const header = params.header && Object.fromEntries(Object.entries(params.header).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
    const extra = header || init.headers ? headerRecord(where, header, init.headers) : undefined;
    const { body, headers } = encodeBody(init.body, extra);
    const read: ReadAs = parseAs === "stream" ? "stream" : parseAs === "blob" || parseAs === "arrayBuffer" ? "blob" : "text";
    const { response, data } = await send(core, { method: upper, url, headers, body, signal: init.signal, where, schemaPath: path, params }, undefined, read);
    if (!response.ok) return { error: errorBody(data), response };
    const empty = data === undefined || data === "";
    if (parseAs === "stream") return { data: response.body, response };
    if (empty) return { data: undefined, response };
    if (parseAs === "json") return { data: JSON.parse(data as string), response };
    if (parseAs === "arrayBuffer") return { data: await (data as Blob).arrayBuffer(), response };
    return { data, response };
  }
  const surface: Record<string, unknown> = {
    request,
    use: (...added: Middleware[]) => {
      middleware.push(...added);
      core.intercept = through;
    },
    eject: (...removed: Middleware[]) => {
      for (const m of removed) {
        const at = middleware.indexOf(m);
        if (at >= 0) middleware.splice(at, 1);
      }
      if (middleware.length === 0) core.intercept = undefined;
    },
  };
  for (const method of METHODS) surface[method] = (path: string, init?: Init) => request(method, path, init);
  return surface as unknown as Client<paths>;
}

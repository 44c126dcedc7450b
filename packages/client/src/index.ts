import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./generated/schema.js";

export type { components, operations, paths } from "./generated/schema.js";

/** Production server of the BeeOS Platform API. */
export const DEFAULT_BASE_URL = "https://openapi.beeos.ai";

export interface BeeosClientOptions {
  /** Absolute http(s) URL of the API. Defaults to production. */
  baseUrl?: string;
  /** A user JWT or an `oag_` User API Key. Defaults to the `BEEOS_API_KEY` environment variable. */
  token?: string;
  /** A fetch implementation, for tests or custom transports. Defaults to the global fetch. */
  fetch?: typeof globalThis.fetch;
}

export type BeeosClient = Client<paths>;

function envToken(): string | undefined {
  // Browsers have no process; reading it through globalThis keeps this entry free of Node-only imports.
  const proc = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process;
  return proc?.env?.["BEEOS_API_KEY"];
}

export function createBeeosClient(options: BeeosClientOptions = {}): BeeosClient {
  const token = options.token ?? envToken();
  const client = createClient<paths>({
    baseUrl: options.baseUrl ?? DEFAULT_BASE_URL,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  client.use({
    onRequest({ request }) {
      if (!token) {
        throw new Error("No BeeOS API token: pass `token` to createBeeosClient or set BEEOS_API_KEY");
      }
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  });
  return client;
}

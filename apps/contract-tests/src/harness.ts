import { createBeeosClient, type BeeosClient } from "@beeos/client";
import { startMockServer, type MockServer, type MockServerOptions } from "@beeos/mock-server";
import { afterAll } from "vitest";
import type { ClientInput } from "./scenarios.js";
import type { Operation } from "./spec.js";

/** What the coverage reporter reads from each test (set through `task.meta.contract`). */
export interface ContractMeta {
  operationId: string;
  kind: "happy" | "error" | "negative" | "auth" | "example" | "dynamic" | "drift" | "stream" | "pagination" | "webhook" | "workflow";
  status?: number | undefined;
  constraint?: string | undefined;
}

declare module "vitest" {
  interface TaskMeta {
    contract?: ContractMeta;
    /** A test that calls several operations (a stateful scenario) records each here. */
    contracts?: ContractMeta[];
  }
}

/** A live server to check instead of the mock: CONTRACT_TARGET (URL) and CONTRACT_TOKEN. */
export function liveTarget(): { url: string; token: string; mutate: boolean } | undefined {
  const url = process.env["CONTRACT_TARGET"];
  if (!url) return undefined;
  const token = process.env["CONTRACT_TOKEN"];
  if (!token) throw new Error("CONTRACT_TARGET is set but CONTRACT_TOKEN is not: the live server needs a token");
  return { url, token, mutate: process.env["CONTRACT_MUTATE"] === "1" };
}

/** The token the suite sends to the mock; Prism only checks that a bearer token is present. */
export const MOCK_TOKEN = "oag_contract_test_token";

/** Starts Prism for this test file and stops it after the file, pass or fail. */
export async function startMock(options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(options);
  afterAll(() => server.close());
  return server;
}

/** One entry of Prism's `sl-violations` header (or of a problem+json `validation` list). */
export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export function violationsOf(headers: Headers): Violation[] {
  const raw = headers.get("sl-violations");
  if (!raw) return [];
  try {
    return JSON.parse(raw) as Violation[];
  } catch {
    // Prism truncates very long lists and prefixes them; report the raw text rather than lose it.
    return [{ location: [], severity: "Error", message: raw }];
  }
}

export interface RecordingClient {
  client: BeeosClient;
  /** The last response the client received, to read Prism's headers the client does not expose. */
  last(): Response;
}

/** A @beeos/client on a real socket that also keeps the last raw response; no retries, so forced 429/5xx answer at once. */
export function recordingClient(baseUrl: string, token: string | undefined = MOCK_TOKEN): RecordingClient {
  let last: Response | undefined;
  const client = createBeeosClient({
    baseUrl,
    ...(token === undefined ? {} : { token }),
    maxRetries: 0,
    timeoutMs: 10_000,
    fetch: async (input, init) => {
      const response = await fetch(input, init);
      last = response;
      return response;
    },
  });
  return {
    client,
    last() {
      if (!last) throw new Error("the client has not received a response yet");
      return last;
    },
  };
}

/**
 * Calls an operation by its id, the way a user of the generated methods would. An
 * event stream is read to its end, so it connects and its errors surface here.
 */
export async function call(client: BeeosClient, op: Operation, input: ClientInput): Promise<unknown> {
  const method = (client as unknown as Record<string, ((input: ClientInput) => unknown) | undefined>)[op.operationId];
  if (typeof method !== "function") {
    throw new Error(`@beeos/client has no method ${op.operationId}: the client is older than the spec (run \`pnpm build\`)`);
  }
  const result = await method(input);
  return result !== null && typeof result === "object" && Symbol.asyncIterator in result ? collect(result as AsyncIterable<unknown>) : result;
}

/** Runs `fn` and returns what it threw; fails when it did not throw. */
export async function rejectionOf(fn: () => Promise<unknown>): Promise<unknown> {
  try {
    await fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to throw, but it resolved");
}

/** The URL a client would call for `input`, for checks that must bypass the client (no token at all). */
export function urlFor(baseUrl: string, op: Operation, input: ClientInput): URL {
  const path = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => encodeURIComponent(String(input.path?.[name])));
  const url = new URL(baseUrl + path);
  for (const [key, value] of Object.entries(input.query ?? {})) url.searchParams.set(key, String(value));
  return url;
}

/** Every item of an async iterable (an event stream read to its end), in order. */
export async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

// Any string as a path or query value either reaches the server intact, in
// its own place, or is refused before sending; it never rewrites the path.
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BeeosUsageError, createBeeosClient } from "../src/index.js";
import { instance, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer((_req, res) => json(res, 200, { success: true, data: instance(), total: 0 }));
});
afterAll(() => server.close());

const beeos = () => createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", maxRetries: 0 });
const hasLoneSurrogate = (s: string) => /\p{Surrogate}/u.test(s);

// Mostly strings built from the characters that matter for paths, plus any Unicode at all.
const tricky = fc.oneof(
  fc.constantFrom("", ".", "..", "/", "./", "../x", "%2e%2e", "%2F", "a%2Fb", "?", "#", "\\..\\", "..;", "{id}", "$&", "%"),
  fc.string({ unit: fc.constantFrom(".", "/", "%", "2", "e", "F", "?", "#", "\\", ";", " ", "+", "a", "é") }),
  fc.string({ unit: "binary" }),
);

describe("serialisation (property-based)", () => {
  it("a path parameter round-trips into exactly one segment or is rejected", async () => {
    await fc.assert(
      fc.asyncProperty(tricky, async (id) => {
        server.handle((_req, res) => json(res, 200, { success: true, data: instance() }));
        const mustReject = id === "" || id === "." || id === ".." || id.includes("/") || hasLoneSurrogate(id);
        const outcome = await beeos()
          .getInstance({ path: { id } })
          .then(
            () => "sent",
            (e: unknown) => e,
          );
        if (mustReject) {
          expect(outcome).toBeInstanceOf(BeeosUsageError);
          expect(server.seen).toHaveLength(0);
          return;
        }
        expect(outcome).toBe("sent");
        expect(server.seen).toHaveLength(1);
        const raw = server.seen[0]!.url;
        expect(raw.startsWith("/api/v1/instances/")).toBe(true);
        const segment = raw.slice("/api/v1/instances/".length);
        expect(segment).not.toMatch(/[/?#]/);
        expect(decodeURIComponent(segment)).toBe(id);
      }),
      { numRuns: 150 },
    );
  });

  it("a query value round-trips and never changes the path", async () => {
    await fc.assert(
      fc.asyncProperty(tricky, fc.integer({ min: 0, max: 200 }), async (search, pageSize) => {
        server.handle((_req, res) => json(res, 200, { success: true, data: [], total: 0 }));
        const outcome = await beeos()
          .listInstances({ query: { search, pageSize } })
          .then(
            () => "sent",
            (e: unknown) => e,
          );
        if (hasLoneSurrogate(search)) {
          expect(outcome).toBeInstanceOf(BeeosUsageError);
          expect(server.seen).toHaveLength(0);
          return;
        }
        expect(outcome).toBe("sent");
        const url = new URL(server.seen[0]!.url, "http://x");
        expect(url.pathname).toBe("/api/v1/instances");
        expect(url.searchParams.get("search")).toBe(search);
        expect(url.searchParams.get("pageSize")).toBe(String(pageSize));
        expect([...url.searchParams.keys()].sort()).toEqual(["pageSize", "search"]);
      }),
      { numRuns: 150 },
    );
  });
});

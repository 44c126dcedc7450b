// Every paging style the spec declares (`x-beeos-pagination`), walked through the client's
// `paginate`: the first request carries the size parameter, the next one the position the
// previous page gave by the spec's rule, and every page fits the success schema. A static
// mock answers the same page whatever it is asked, so the walk must either end where the
// rule says or be refused by the client as a repeat; it can never loop.
import { PaginationError, createBeeosClient } from "@beeos/client";
import { describe, expect, test } from "vitest";
import { MOCK_TOKEN, liveTarget, startMock } from "../src/harness.js";
import { nextPosition, paginationScenarios } from "../src/pagination.js";
import { loadSpec } from "../src/spec.js";
import { createValidator } from "../src/validate.js";

const spec = loadSpec();
const validate = createValidator(spec);
const scenarios = paginationScenarios(spec);

describe.skipIf(liveTarget() !== undefined)("page walks through beeos.paginate, every style", async () => {
  const server = await startMock();

  test("the spec declares every paging style the client knows", () => {
    expect(new Set(scenarios.map((s) => s.rule.style))).toEqual(new Set(["page", "offset", "cursor", "since"]));
  });

  test.for(scenarios.map((s) => [s.name, s] as const))("%s", async ([, s], ctx) => {
    const urls: URL[] = [];
    const beeos = createBeeosClient({
      baseUrl: server.url,
      token: MOCK_TOKEN,
      maxRetries: 0,
      fetch: (input, init) => {
        urls.push(new URL(input instanceof Request ? input.url : String(input)));
        return fetch(input, init);
      },
    });
    const paginate = beeos.paginate as unknown as (id: string, input: unknown, options: { maxPages: number }) => { pages(): AsyncIterable<unknown> };
    const pages: unknown[] = [];
    let refused: unknown;
    try {
      for await (const page of paginate(s.op.operationId, s.input, { maxPages: 3 }).pages()) pages.push(page);
    } catch (error) {
      refused = error;
    }
    ctx.task.meta.contract = { operationId: s.op.operationId, kind: "pagination", status: 200 };
    expect(pages.length, `no page arrived: ${String(refused)}`).toBeGreaterThan(0);
    for (const page of pages) expect(validate(s.schemaPointer, page)).toEqual([]);
    const first = urls[0]!;
    expect(first.searchParams.get(s.rule.sizeParam), "the first request carries the page size").toBe(String(s.size));
    const start = s.rule.style === "page" || s.rule.style === "offset" ? 0 : undefined;
    expect(first.searchParams.get(s.positionParam) ?? undefined, "the first request starts at the beginning").toBe(start === undefined ? undefined : String(start));
    const next = nextPosition(s.rule, pages[0], start, s.size);
    if (next === undefined) {
      // The rule says one page is all there is: no second request, no error.
      expect(urls).toHaveLength(1);
      expect(refused).toBeUndefined();
      return;
    }
    const second = urls[1];
    expect(second, `the rule announces a next page at ${s.positionParam}=${String(next)}`).toBeDefined();
    expect(second!.searchParams.get(s.positionParam)).toBe(String(next));
    expect(second!.searchParams.get(s.rule.sizeParam)).toBe(String(s.size));
    // The mock repeats itself, which the client must refuse rather than walk forever.
    expect(refused, "a stateless mock cannot give a new page").toBeInstanceOf(PaginationError);
    expect(String((refused as Error).message)).toMatch(/repeats the page before it|same .* twice/);
  });
});

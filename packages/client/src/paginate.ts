// Walks every page of an operation whose spec has `page`/`pageSize` and a
// `total`. Pages are zero-based; the walk ends when `(page + 1) * pageSize >= total`.
// Servers that misbehave end it too, so no answer can make it loop forever.
import type { PaginatedOperationId } from "./generated/operations.js";
import { BeeosUsageError, PaginationError } from "./errors.js";
import type { OperationInput, OperationResult, SuccessBody } from "./operations.js";

type PageQuery = NonNullable<OperationInput<PaginatedOperationId>["query"]>;
const PAGE = "page" satisfies keyof PageQuery;
const PAGE_SIZE = "pageSize" satisfies keyof PageQuery;
const TOTAL = "total" satisfies keyof SuccessBody<PaginatedOperationId>;
const DATA = "data" satisfies keyof SuccessBody<PaginatedOperationId>;

/** Page size asked for when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 50;
/** Upper bound on pages per walk unless `maxPages` says otherwise. */
export const DEFAULT_MAX_PAGES = 10_000;

export type PageItem<K extends PaginatedOperationId> = SuccessBody<K> extends { data: ReadonlyArray<infer I> } ? I : never;

export interface PaginateOptions {
  /** Stop with a PaginationError after this many pages (default 10 000). */
  maxPages?: number;
}

/** `for await` yields items; `.pages()` yields whole pages (with `total` and `requestId`). */
export interface PageIterable<K extends PaginatedOperationId> extends AsyncIterable<PageItem<K>> {
  pages(): AsyncIterable<OperationResult<K>>;
  /** Every item of every page, in order. */
  toArray(): Promise<PageItem<K>[]>;
}

type Call = (id: PaginatedOperationId, input: object) => Promise<unknown>;

function wholeNumber(value: unknown, min: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min;
}

export function paginate<K extends PaginatedOperationId>(
  call: Call,
  id: K,
  input: OperationInput<K> = {} as OperationInput<K>,
  options: PaginateOptions = {},
): PageIterable<K> {
  const query: Record<string, unknown> = { ...(input.query ?? {}) };
  const first = query[PAGE] ?? 0;
  const pageSize = query[PAGE_SIZE] ?? DEFAULT_PAGE_SIZE;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  if (!wholeNumber(first, 0)) throw new BeeosUsageError(`paginate("${id}"): query.${PAGE} must be a whole number >= 0, got ${String(first)}`);
  if (!wholeNumber(pageSize, 1)) {
    // pageSize 0 would ask for empty pages forever.
    throw new BeeosUsageError(`paginate("${id}"): query.${PAGE_SIZE} must be a whole number >= 1, got ${String(pageSize)}`);
  }
  if (!wholeNumber(maxPages, 1)) throw new BeeosUsageError(`paginate("${id}"): maxPages must be a whole number >= 1, got ${String(maxPages)}`);

  async function* pages(): AsyncGenerator<OperationResult<K>> {
    let previous: string | undefined;
    for (let page = first as number, walked = 1; ; page++, walked++) {
      const result = (await call(id, { ...input, query: { ...query, [PAGE]: page, [PAGE_SIZE]: pageSize } })) as Record<string, unknown>;
      const data = result?.[DATA];
      const total = result?.[TOTAL];
      if (!Array.isArray(data)) throw new PaginationError(`paginate("${id}"): page ${page} has no \`${DATA}\` array`);
      if (!wholeNumber(total, 0)) throw new PaginationError(`paginate("${id}"): page ${page} has no whole-number \`${TOTAL}\` (got ${JSON.stringify(total)})`);
      const signature = JSON.stringify(data);
      if (data.length > 0 && signature === previous) {
        throw new PaginationError(`paginate("${id}"): page ${page} repeats page ${page - 1}; the server seems to ignore \`${PAGE}\``);
      }
      yield result as OperationResult<K>;
      // An empty page means nothing is left, whatever `total` claims (rows deleted meanwhile);
      // a total that shrank below what was read ends the walk through the same test.
      if (data.length === 0 || (page + 1) * (pageSize as number) >= (total as number)) return;
      if (walked >= maxPages) throw new PaginationError(`paginate("${id}"): stopped after ${maxPages} pages (maxPages) with more announced (total ${total as number})`);
      previous = signature;
    }
  }

  async function* items(): AsyncGenerator<PageItem<K>> {
    for await (const page of pages()) yield* (page as Record<string, unknown>)[DATA] as PageItem<K>[];
  }

  return {
    [Symbol.asyncIterator]: () => items(),
    pages: () => ({ [Symbol.asyncIterator]: () => pages() }),
    toArray: async () => {
      const all: PageItem<K>[] = [];
      for await (const item of items()) all.push(item);
      return all;
    },
  };
}

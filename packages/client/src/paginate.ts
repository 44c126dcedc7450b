// Walks every page of an operation the spec declares as paginated
// (`x-beeos-pagination`), in whichever of the four styles it names: page
// (zero-based page index), offset, cursor or since. The names of the
// parameters and fields come from the generated table, never from here.
// Servers that misbehave end the walk too, so no answer can make it loop forever.
import type { OperationTable, PaginatedOperationId } from "./generated/operations.js";
import type { BeeosCore } from "./core.js";
import { BeeosUsageError, PaginationError } from "./errors.js";
import type { OperationFunction, OperationInput, OperationResult, SuccessBody } from "./operation.js";
import { checkNumber, type RequestOptions } from "./request-options.js";

/** Upper bound on pages per walk unless `maxPages` says otherwise. */
export const DEFAULT_MAX_PAGES = 10_000;

type Rule = {
  style: "page" | "offset" | "cursor" | "since";
  items: string;
  sizeParam: string;
  defaultSize: number;
  pageParam?: string;
  offsetParam?: string;
  cursorParam?: string;
  nextCursor?: string;
  nextCursorFromItem?: string;
  total?: string;
};

type At<T, P extends string> = P extends `${infer Head}.${infer Rest}`
  ? Head extends keyof NonNullable<T> ? At<NonNullable<T>[Head], Rest> : never
  : P extends keyof NonNullable<T> ? NonNullable<T>[P] : never;
type ItemsPath<K extends PaginatedOperationId> = OperationTable[K] extends { pagination: { items: infer P extends string } } ? P : never;

/** One item of a paginated operation's pages, typed from the spec. */
export type PageItem<K extends PaginatedOperationId> = NonNullable<At<SuccessBody<K>, ItemsPath<K>>> extends ReadonlyArray<infer I> ? I : never;

export interface PaginateOptions {
  /** Stop with a PaginationError after this many pages (default 10 000). */
  maxPages?: number;
}

/** `for await` yields items; `.pages()` yields whole pages (with `requestId`). */
export interface PageIterable<K extends PaginatedOperationId> extends AsyncIterable<PageItem<K>> {
  pages(): AsyncIterable<OperationResult<K>>;
  /** Every item of every page, in order. */
  toArray(): Promise<PageItem<K>[]>;
}

type Call = (input: object) => Promise<unknown>;

/** The options of each page's request: no idempotency key (one key for many reads would be wrong). */
export type PageRequestOptions = Omit<RequestOptions, "idempotencyKey">;

/**
 * Walks every page of a paginated operation function with this core:
 * `for await (const instance of paginate(core, listInstances, { query: { pageSize: 50 } }))`.
 * `for await` yields items, `.pages()` pages; the request options apply to every page.
 */
export function paginate<K extends PaginatedOperationId>(
  core: BeeosCore,
  fn: OperationFunction<K>,
  input?: OperationInput<K>,
  options: PaginateOptions & PageRequestOptions = {},
): PageIterable<K> {
  const { maxPages, idempotencyKey: _dropped, ...perCall } = options as PaginateOptions & RequestOptions;
  const call = fn as unknown as (core: BeeosCore, input: object, options: object) => Promise<unknown>;
  return walkPages((args) => call(core, args, perCall), fn.operationId, (fn as { pagination?: Rule }).pagination, input, maxPages === undefined ? {} : { maxPages });
}

const wholeNumber = (value: unknown, min: number): value is number => typeof value === "number" && Number.isInteger(value) && value >= min;

function field(body: unknown, dotted: string): unknown {
  let at = body;
  for (const part of dotted.split(".")) at = at !== null && typeof at === "object" ? (at as Record<string, unknown>)[part] : undefined;
  return at;
}

/** The walk itself, for any way of calling the operation. */
export function walkPages<K extends PaginatedOperationId>(
  call: Call,
  id: K,
  rule: Rule | undefined,
  input: OperationInput<K> = {} as OperationInput<K>,
  options: PaginateOptions = {},
): PageIterable<K> {
  const at = `paginate("${id}")`;
  if (!rule) throw new BeeosUsageError(`${at}: the spec declares no pagination for this operation`);
  const query: Record<string, unknown> = { ...((input as { query?: object }).query ?? {}) };
  const size = query[rule.sizeParam] ?? rule.defaultSize;
  const maxPages = options.maxPages ?? DEFAULT_MAX_PAGES;
  // A size of 0 would ask for empty pages forever. (None of these is undefined: each has its default.)
  checkNumber(size as number, `query.${rule.sizeParam}`, 1, true, at);
  checkNumber(maxPages, "maxPages", 1, true, at);
  const positionParam = rule.pageParam ?? rule.offsetParam ?? (rule.cursorParam as string);
  const numeric = rule.style === "page" || rule.style === "offset";
  const start = query[positionParam] ?? (numeric ? 0 : undefined);
  if (numeric) checkNumber(start as number, `query.${positionParam}`, 0, true, at);

  async function* pages(): AsyncGenerator<OperationResult<K>> {
    let position: unknown = start;
    let previous: string | undefined;
    for (let walked = 1; ; walked++) {
      const pageQuery = { ...query, [rule!.sizeParam]: size };
      if (position === undefined) delete pageQuery[positionParam];
      else pageQuery[positionParam] = position;
      const result = await call({ ...input, query: pageQuery });
      const items = field(result, rule!.items);
      const where = `${at}: the page at ${positionParam}=${String(position)}`;
      if (!Array.isArray(items)) throw new PaginationError(`${where} has no \`${rule!.items}\` array`);
      const total = rule!.total === undefined ? undefined : field(result, rule!.total);
      if (rule!.total !== undefined && !wholeNumber(total, 0)) {
        throw new PaginationError(`${where} has no whole-number \`${rule!.total}\` (got ${JSON.stringify(total)})`);
      }
      const signature = JSON.stringify(items);
      if (items.length > 0 && signature === previous) {
        throw new PaginationError(`${where} repeats the page before it; the server seems to ignore \`${positionParam}\``);
      }
      yield result as OperationResult<K>;
      // An empty page means nothing is left, whatever a total claims (rows deleted meanwhile).
      if (items.length === 0) return;
      let next: unknown;
      if (rule!.style === "page") next = (position as number) + 1;
      else if (rule!.style === "offset") next = (position as number) + items.length;
      else next = rule!.nextCursor !== undefined ? field(result, rule!.nextCursor) : field(items[items.length - 1], rule!.nextCursorFromItem as string);
      if (numeric) {
        const seen = rule!.style === "page" ? (next as number) * (size as number) : (next as number);
        if (total !== undefined ? seen >= (total as number) : items.length < (size as number)) return;
      } else {
        if (next === undefined || next === null || next === "") return;
        if (next === position) throw new PaginationError(`${at}: the server gave the same ${positionParam} (${String(next)}) twice`);
      }
      if (walked >= maxPages) throw new PaginationError(`${at}: stopped after ${maxPages} pages (maxPages) with more announced`);
      previous = signature;
      position = next;
    }
  }

  async function* items(): AsyncGenerator<PageItem<K>> {
    for await (const page of pages()) yield* field(page, rule!.items) as PageItem<K>[];
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

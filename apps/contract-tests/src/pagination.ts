// What a page walk must send, read from the spec's `x-beeos-pagination` alone: the size
// parameter on every request, then the position the previous page gave, by style
// (`page` + 1, `offset` + items read, or the cursor a body field or the last item carries).
import { readField, type Pagination } from "@beeos/spec";
import { validInput, type ClientInput } from "./scenarios.js";
import { deref, isSuccess, type Operation, type SpecModel } from "./spec.js";

export interface PaginationScenario {
  name: string;
  op: Operation;
  rule: Pagination;
  /** Path and filter parameters with their examples; no position, and the smallest page size. */
  input: ClientInput;
  size: number;
  /** Wire name of the parameter that carries the position. */
  positionParam: string;
  /** JSON pointer of the success body's schema, to check every page. */
  schemaPointer: string;
}

export const positionParamOf = (rule: Pagination): string => (rule.style === "page" ? rule.pageParam : rule.style === "offset" ? rule.offsetParam : rule.cursorParam);

/** The smallest page size the size parameter accepts (at least 1), so a short list still spans pages. */
function smallestSize(spec: SpecModel, op: Operation, sizeParam: string): number {
  const param = op.parameters.find((p) => p.in === "query" && p.name === sizeParam);
  if (!param) throw new Error(`${op.operationId}: x-beeos-pagination.sizeParam names "${sizeParam}", which is no query parameter (${op.pointer})`);
  const minimum = deref(spec.document, param.schema)["minimum"];
  return Math.max(1, typeof minimum === "number" ? minimum : 1);
}

/** One walk per paginated operation. */
export function paginationScenarios(spec: SpecModel): PaginationScenario[] {
  return spec.operations.flatMap((op) => {
    const rule = op.source.pagination;
    if (!rule) return [];
    const success = op.responses.find((r) => r.statuses.some(isSuccess) && r.schemaPointer);
    if (!success?.schemaPointer) throw new Error(`${op.operationId} is paginated but has no JSON success response (${op.pointer})`);
    const positionParam = positionParamOf(rule);
    const input = validInput(spec, op);
    const query = { ...input.query };
    delete query[positionParam];
    const size = smallestSize(spec, op, rule.sizeParam);
    query[rule.sizeParam] = size;
    return [{ name: `${op.operationId} (${rule.style}: ${rule.sizeParam} + ${positionParam})`, op, rule, input: { ...input, query }, size, positionParam, schemaPointer: success.schemaPointer }];
  });
}

/**
 * Where the walk goes after `page` (a body) read at `position`, by the spec's rule, or
 * undefined when the rule says the walk is over.
 */
export function nextPosition(rule: Pagination, body: unknown, position: number | string | undefined, size: number): number | string | undefined {
  const items = readField(body, rule.items);
  if (!Array.isArray(items)) throw new Error(`the page has no \`${rule.items}\` array`);
  if (items.length === 0) return undefined;
  if (rule.style === "page" || rule.style === "offset") {
    const at = typeof position === "number" ? position : 0;
    const next = rule.style === "page" ? at + 1 : at + items.length;
    const read = rule.style === "page" ? next * size : next;
    const total = rule.total === undefined ? undefined : readField(body, rule.total);
    if (typeof total === "number" ? read >= total : items.length < size) return undefined;
    return next;
  }
  const next = rule.nextCursor !== undefined ? readField(body, rule.nextCursor) : readField(items.at(-1), rule.nextCursorFromItem as string);
  if (next === undefined || next === null || next === "") return undefined;
  return typeof next === "number" ? next : String(next);
}

/** The items of a page, by the rule's `items` path. */
export function itemsOf(rule: Pagination, body: unknown): unknown[] {
  const items = readField(body, rule.items);
  return Array.isArray(items) ? items : [];
}

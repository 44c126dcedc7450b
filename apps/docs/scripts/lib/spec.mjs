// @ts-check
// Reads the bundled OpenAPI document: its operations, local $refs and examples.
// Everything the site says about the API comes through here, from the spec alone.

import { deref, listOperations as specOperations } from "@beeos/spec/document";

export { deref };

/**
 * @typedef {Record<string, any>} Json
 * @typedef {{ operationId: string, method: string, path: string, tag: string, summary: string, operation: Json, parameters: Json[] }} Operation
 */

/**
 * Every operation of the spec, in document order, as the site shows it (upper-case
 * method, first tag). Fails on an operation without a tag, since reference anchors
 * are keyed on it.
 * @param {Json} spec
 * @returns {Operation[]}
 */
export function listOperations(spec) {
  return specOperations(spec).map(({ operationId, method, path, operation, parameters }) => {
    const tag = operation.tags?.[0];
    if (typeof tag !== "string") throw new Error(`${method.toUpperCase()} ${path} (${operationId}) has no tag`);
    return { operationId, method: method.toUpperCase(), path, tag, summary: operation.summary ?? operationId, operation, parameters };
  });
}

/**
 * The reference page's route to an operation. Redoc's routes are the tag and the
 * operationId, lower-cased.
 * @param {Pick<Operation, "tag" | "operationId">} op
 */
export function referenceRoute(op) {
  return `#/${op.tag.toLowerCase()}/${op.operationId.toLowerCase()}`;
}

/**
 * The first example value of a parameter or media type object (`example`, else the
 * first of `examples`), or undefined.
 * @param {Json} spec
 * @param {Json | undefined} holder
 */
export function firstExample(spec, holder) {
  if (!holder) return undefined;
  if (holder.example !== undefined) return holder.example;
  const first = Object.values(holder.examples ?? {})[0];
  if (first === undefined) return undefined;
  return deref(spec, first).value;
}

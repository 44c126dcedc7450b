// @ts-check
// What the site adds to @beeos/spec's reading of the spec (the operation list, deref,
// examples): where Redoc puts each operation, and the name it shows for it.

/**
 * @typedef {import("@beeos/spec").Json} Json
 * @typedef {import("@beeos/spec").SpecOperation} Operation
 */

/** Redoc's slug of a tag name: lower case, runs of spaces as one dash. */
const slug = (/** @type {string} */ text) => text.toLowerCase().trim().replace(/\s+/g, "-");

/** Where Redoc lists operations without a tag: the route segment, and the name the site shows. */
export const UNTAGGED = { route: "other", name: "Other operations" };

/**
 * The reference page's route to an operation. Redoc routes an operation by its first
 * tag and its operationId, lower-cased; an operation without a tag under `other/`.
 * @param {Pick<Operation, "tag" | "operationId">} op
 */
export function referenceRoute(op) {
  return `#/${op.tag === undefined ? UNTAGGED.route : slug(op.tag)}/${op.operationId.toLowerCase()}`;
}

/**
 * The name Redoc shows for an operation: its summary, else its operationId.
 * @param {Pick<Operation, "summary" | "operationId">} op
 */
export const operationTitle = (op) => op.summary ?? op.operationId;

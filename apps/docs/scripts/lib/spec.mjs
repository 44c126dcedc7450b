// @ts-check
// Reads the bundled OpenAPI document: its operations, local $refs and examples.
// Everything the site says about the API comes through here, from the spec alone.

export const HTTP_METHODS = /** @type {const} */ (["get", "put", "post", "delete", "options", "head", "patch", "trace"]);

/**
 * @typedef {Record<string, any>} Json
 * @typedef {{ operationId: string, method: string, path: string, tag: string, summary: string, operation: Json }} Operation
 */

/**
 * Follows local `$ref`s ("#/components/...") until a plain object is reached.
 * @param {Json} spec
 * @param {any} node
 * @returns {any}
 */
export function deref(spec, node) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (seen.has(ref)) throw new Error(`circular $ref ${ref}`);
    seen.add(ref);
    if (!ref.startsWith("#/")) throw new Error(`$ref ${ref} is not local; the docs read a bundled spec`);
    /** @type {any} */
    let at = spec;
    for (const part of ref.slice(2).split("/")) {
      const key = part.replace(/~1/g, "/").replace(/~0/g, "~");
      at = at == null ? undefined : at[key];
    }
    node = at;
    if (node === undefined) throw new Error(`$ref ${ref} points at nothing in the bundled spec`);
  }
  return node;
}

/**
 * Every operation of the spec, in document order. Fails on an operation without an
 * operationId or tag, since samples and reference anchors are keyed on both.
 * @param {Json} spec
 * @returns {Operation[]}
 */
export function listOperations(spec) {
  if (!spec || typeof spec !== "object" || !spec.paths || typeof spec.paths !== "object") {
    throw new Error("the bundled spec has no `paths` object");
  }
  /** @type {Operation[]} */
  const operations = [];
  for (const [path, rawItem] of Object.entries(spec.paths)) {
    const item = deref(spec, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const where = `${method.toUpperCase()} ${path}`;
      if (typeof operation.operationId !== "string") throw new Error(`${where} has no operationId`);
      const tag = operation.tags?.[0];
      if (typeof tag !== "string") throw new Error(`${where} (${operation.operationId}) has no tag`);
      operations.push({ operationId: operation.operationId, method: method.toUpperCase(), path, tag, summary: operation.summary ?? operation.operationId, operation });
    }
  }
  return operations;
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
 * The parameters of an operation (path-item level ones included), dereferenced.
 * @param {Json} spec
 * @param {Operation} op
 * @returns {Json[]}
 */
export function parametersOf(spec, op) {
  const item = deref(spec, spec.paths[op.path]);
  /** @type {Map<string, Json>} */
  const byKey = new Map();
  for (const raw of [...(item.parameters ?? []), ...(op.operation.parameters ?? [])]) {
    const param = deref(spec, raw);
    byKey.set(`${param.in}:${param.name}`, param);
  }
  return [...byKey.values()];
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

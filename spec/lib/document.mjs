// Reading the bundled document: following its local $refs and listing its
// operations. Every part that derives something from the spec (the client's
// generator, the docs, the contract tests, the spec's own tests) walks the
// document through here, so they all see the same operations the same way.

export const HTTP_METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/** Follows local `$ref`s ("#/components/...") until a node that is not a reference. */
export function deref(doc, node) {
  const seen = new Set();
  while (node && typeof node === "object" && typeof node.$ref === "string") {
    const ref = node.$ref;
    if (!ref.startsWith("#/")) throw new Error(`$ref ${ref} is not local; read the bundled spec (spec/dist)`);
    if (seen.has(ref)) throw new Error(`$ref cycle at ${ref}`);
    seen.add(ref);
    let at = doc;
    for (const part of ref.slice(2).split("/")) {
      at = at == null ? undefined : at[part.replace(/~1/g, "/").replace(/~0/g, "~")];
    }
    if (at === undefined) throw new Error(`$ref ${ref} points at nothing in the bundled spec`);
    node = at;
  }
  return node;
}

/**
 * Every operation, in document order, with its parameters dereferenced (those of
 * the path item included; an operation's own parameter wins over the path item's
 * of the same name and place). Throws on an operation without an operationId.
 */
export function listOperations(doc) {
  if (!doc || typeof doc !== "object" || !doc.paths || typeof doc.paths !== "object") {
    throw new Error("the bundled spec has no `paths` object");
  }
  const operations = [];
  for (const [path, rawItem] of Object.entries(doc.paths)) {
    const item = deref(doc, rawItem);
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      if (typeof operation.operationId !== "string") throw new Error(`${method.toUpperCase()} ${path} has no operationId`);
      const parameters = new Map();
      for (const raw of [...(item.parameters ?? []), ...(operation.parameters ?? [])]) {
        const param = deref(doc, raw);
        parameters.set(`${param.in}:${param.name}`, param);
      }
      operations.push({ operationId: operation.operationId, method, path, operation, parameters: [...parameters.values()] });
    }
  }
  return operations;
}

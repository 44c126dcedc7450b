// Types of document.mjs. The bundled document is walked as plain JSON.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export declare const HTTP_METHODS: readonly ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export interface SpecOperation {
  operationId: string;
  /** Lower case, as the spec writes it: "get", "post", … */
  method: (typeof HTTP_METHODS)[number];
  path: string;
  /** The operation object itself. */
  operation: Json;
  /** Path-item and operation parameters, dereferenced. */
  parameters: Json[];
}

export declare function deref(doc: Json, node: unknown): Json;
export declare function listOperations(doc: Json): SpecOperation[];

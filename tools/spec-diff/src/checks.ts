// Rules the issue requires that `redocly diff` (diff-recommended, 2.77) does
// not classify as breaking. Each was found by running redocly on a fixture pair:
// - a required request body added to an operation that had none: redocly says
//   "minor, added" since it only watches `required` flip on an existing body;
// - a response header that stops being always present (`required: true` gone):
//   redocly rates a header's `required` change as a patch in both directions.
import { deref, derefAt, get, isObject, operations, pointerOf, type Document, type Json } from "./spec.js";

export interface CustomVerdict {
  ruleId: string;
  message: string;
  /** The walked path, as redocly writes it (`#/paths/~1x/get/...`). */
  path: string;
  /** Where the changed node lives in the revision (or base) document. */
  pointer: string;
  /** The operation the verdict was found under. */
  operation: { method: string; path: string; operationId: string | undefined };
}

export function customVerdicts(base: Document, revision: Document): CustomVerdict[] {
  const out: CustomVerdict[] = [];
  const baseOps = new Map(operations(base).map((op) => [`${op.method} ${op.path}`, op]));
  for (const op of operations(revision)) {
    const before = baseOps.get(`${op.method} ${op.path}`);
    if (!before) continue;
    const where = { method: op.method, path: op.path, operationId: op.operationId };

    const body = derefAt(revision, op.node["requestBody"], `${op.pointer}/requestBody`);
    if (before.node["requestBody"] === undefined && isObject(body.node) && body.node["required"] === true) {
      out.push({
        ruleId: "required-request-body-added",
        message: "A required request body was added to an operation that took none.",
        path: `${op.pointer}/requestBody`,
        pointer: body.pointer,
        operation: where,
      });
    }

    const responses = op.node["responses"];
    if (!isObject(responses)) continue;
    for (const [status, rawResponse] of Object.entries(responses)) {
      const response: Json | undefined = deref(revision, rawResponse);
      const baseResponse: Json | undefined = deref(base, get(before.node, pointerOf("responses", status)));
      if (!isObject(response) || !isObject(baseResponse)) continue;
      const headers = response["headers"];
      const baseHeaders = baseResponse["headers"];
      if (!isObject(headers) || !isObject(baseHeaders)) continue;
      for (const [name, rawHeader] of Object.entries(headers)) {
        const header = derefAt(revision, rawHeader, `${op.pointer}/responses/${status}/headers/${name}`);
        const baseHeader: Json | undefined = deref(base, baseHeaders[name]);
        if (!isObject(baseHeader) || baseHeader["required"] !== true) continue;
        if (isObject(header.node) && header.node["required"] === true) continue;
        out.push({
          ruleId: "response-header-became-optional",
          message: `Response header \`${name}\` of response \`${status}\` is no longer always sent.`,
          path: `${op.pointer}/responses/${status}/headers/${name}`,
          pointer: `${header.pointer}/required`,
          operation: where,
        });
      }
    }
  }
  return out;
}

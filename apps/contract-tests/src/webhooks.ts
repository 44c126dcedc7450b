// The requests the API sends (OpenAPI 3.1 `webhooks`), read through @beeos/spec's
// helpers: the body schema and examples of each, and its header parameters.
import { createHmac } from "node:crypto";
import { deref, derefWithPointer, examplesOf, HTTP_METHODS, pointerOf, tokensOf, type NamedExample } from "@beeos/spec";
import type { SpecModel } from "./spec.js";

export interface WebhookHeader {
  name: string;
  required: boolean;
  schemaPointer: string;
  example: unknown;
}

export interface Webhook {
  /** The key under `webhooks`, e.g. `taskEvent`. */
  name: string;
  method: string;
  operationId: string | undefined;
  mediaType: string;
  schemaPointer: string;
  examples: NamedExample[];
  headers: WebhookHeader[];
}

/** Every webhook the spec documents, with a JSON body. Throws naming the webhook when one has none. */
export function listWebhooks(spec: SpecModel): Webhook[] {
  const document = spec.document;
  const out: Webhook[] = [];
  for (const [name, rawItem] of Object.entries((document["webhooks"] ?? {}) as Record<string, unknown>)) {
    const { node: item, pointer: itemPointer } = derefWithPointer(document, rawItem, pointerOf("webhooks", name));
    for (const method of HTTP_METHODS) {
      const op = (item as Record<string, Record<string, unknown> | undefined>)[method];
      if (!op) continue;
      const opPointer = pointerOf(...tokensOf(itemPointer), method);
      const { node: body, pointer: bodyPointer } = derefWithPointer(document, op["requestBody"], pointerOf(...tokensOf(opPointer), "requestBody"));
      const content = ((body as { content?: Record<string, unknown> } | undefined)?.content ?? {}) as Record<string, Record<string, unknown>>;
      const mediaType = Object.keys(content).find((m) => m === "application/json" || m.endsWith("+json"));
      if (!mediaType) throw new Error(`webhook ${name} (${opPointer}) has no JSON request body to check`);
      const headers = ((op["parameters"] ?? []) as unknown[]).map((raw, i) => {
        const { node: param, pointer } = derefWithPointer(document, raw, pointerOf(...tokensOf(opPointer), "parameters", i));
        const p = param as { name: string; in: string; required?: boolean; example?: unknown; schema?: { example?: unknown } };
        return { p, schemaPointer: pointerOf(...tokensOf(pointer), "schema") };
      });
      out.push({
        name,
        method: method.toUpperCase(),
        operationId: typeof op["operationId"] === "string" ? op["operationId"] : undefined,
        mediaType,
        schemaPointer: pointerOf(...tokensOf(bodyPointer), "content", mediaType, "schema"),
        examples: examplesOf(document, content[mediaType]),
        headers: headers
          .filter(({ p }) => p.in === "header")
          .map(({ p, schemaPointer }) => ({ name: p.name, required: p.required === true, schemaPointer, example: p.example ?? deref(document, p.schema)?.example })),
      });
    }
  }
  return out;
}

/**
 * `X-BeeOS-Signature` as the spec's description of that header states it: `t=<unix seconds>,v1=<hex>`,
 * the lowercase hex HMAC-SHA256 of `t + "." + raw body`, keyed with the webhook's secret.
 */
export function signWebhook(secret: string, body: string, at: number = Math.floor(Date.now() / 1000)): string {
  return `t=${at},v1=${createHmac("sha256", secret).update(`${at}.${body}`).digest("hex")}`;
}

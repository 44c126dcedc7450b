// The requests the API sends (the spec's `webhooks`): every example body fits its schema,
// every header example fits its own, and a body signed as the signature header documents
// verifies with the client's `verifyWebhook` and matches the header's pattern. Real
// deliveries are checked against the same schema in test/sandbox/webhooks.test.ts.
import { verifyWebhook, WebhookVerificationError } from "@beeos/client";
import { describe, expect, test } from "vitest";
import { loadSpec } from "../src/spec.js";
import { createValidator } from "../src/validate.js";
import { listWebhooks, signWebhook } from "../src/webhooks.js";

const spec = loadSpec();
const validate = createValidator(spec);
const webhooks = listWebhooks(spec);
const examples = webhooks.flatMap((w) => w.examples.map((ex) => ({ w, ex, name: `${w.name}: example ${ex.key}` })));

describe("webhook payloads as the spec documents them", () => {
  test("the spec documents at least one webhook, each with a body example", () => {
    expect(webhooks.length).toBeGreaterThan(0);
    for (const w of webhooks) expect(w.examples.length, `${w.name} has no body example`).toBeGreaterThan(0);
  });

  test.for(examples.map((x) => [x.name, x] as const))("%s fits the body schema", ([, { w, ex }], ctx) => {
    ctx.task.meta.contract = { operationId: w.operationId ?? w.name, kind: "webhook" };
    expect(validate(w.schemaPointer, ex.value)).toEqual([]);
  });

  test.for(webhooks.flatMap((w) => w.headers.map((h) => [`${w.name}: header ${h.name}`, w, h] as const)))("%s: its example fits its schema", ([, , h]) => {
    expect(h.example, `${h.name} has no example`).toBeDefined();
    expect(validate(h.schemaPointer, h.example)).toEqual([]);
  });

  test.for(examples.map((x) => [x.name, x] as const))("%s, signed as documented, verifies with the client", async ([, { w, ex }]) => {
    const secret = "whsec_contract_test";
    const body = JSON.stringify(ex.value);
    const signature = signWebhook(secret, body);
    const header = w.headers.find((h) => h.name.toLowerCase() === "x-beeos-signature");
    expect(header, `${w.name} documents X-BeeOS-Signature`).toBeDefined();
    expect(validate(header!.schemaPointer, signature)).toEqual([]);
    expect(await verifyWebhook({ secret, signature, body })).toEqual(ex.value);
    // The same check must refuse a body changed after signing, or it proves nothing.
    await expect(verifyWebhook({ secret, signature, body: `${body} ` })).rejects.toBeInstanceOf(WebhookVerificationError);
  });

  test("a payload missing a required field or with a wrong type is refused by the schema", () => {
    const w = webhooks[0]!;
    const valid = w.examples[0]!.value as Record<string, unknown>;
    const required = Object.keys(valid).find((k) => validate(w.schemaPointer, { ...valid, [k]: undefined }).length > 0);
    expect(required, "the example has a required field").toBeDefined();
    const without = { ...valid };
    delete without[required!];
    expect(validate(w.schemaPointer, without).join("\n")).toMatch(/must have required property/);
    expect(validate(w.schemaPointer, { ...valid, [required!]: [] }).join("\n")).toMatch(/must be/);
  });
});

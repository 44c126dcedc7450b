// verifyWebhook against signatures made with node:crypto (an implementation of its
// own), and once end to end: a real HTTP receiver verifying a signed POST.
import { createHmac } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { verifyWebhook, WebhookVerificationError, type WebhookEvent } from "../src/webhooks.js";

const SECRET = "whsec_test_0123456789";
const NOW = Date.parse("2026-05-14T18:00:00Z");
const T = Math.floor(NOW / 1000);
const event: WebhookEvent = { type: "task_status", task_id: "task_abc123", status: "completed", final: true, timestamp: "2026-05-14T18:00:00Z" };
const BODY = JSON.stringify(event);

const hmac = (secret: string, t: number, body: string | Buffer) =>
  createHmac("sha256", secret).update(`${t}.`).update(body).digest("hex");
const sign = (body: string | Buffer, t = T, secret = SECRET) => `t=${t},v1=${hmac(secret, t, body)}`;

async function failure(promise: Promise<unknown>): Promise<WebhookVerificationError> {
  const err = await promise.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(WebhookVerificationError);
  const failed = err as WebhookVerificationError;
  expect(`${failed.message} ${JSON.stringify(failed)}`).not.toContain(SECRET);
  return failed;
}

describe("verifyWebhook", () => {
  it("resolves to the parsed event for a valid signature", async () => {
    await expect(verifyWebhook({ secret: SECRET, signature: sign(BODY), body: BODY, now: NOW })).resolves.toEqual(event);
  });

  it("verifies the raw bytes of a Uint8Array body, not a re-encoding", async () => {
    const raw = Buffer.from(`{ "task_id":"task_é",\n"final": true }`, "utf8");
    const got = await verifyWebhook({ secret: SECRET, signature: sign(raw), body: new Uint8Array(raw), now: NOW });
    expect(got).toEqual({ task_id: "task_é", final: true });
    const reencoded = JSON.stringify(JSON.parse(raw.toString("utf8")));
    expect((await failure(verifyWebhook({ secret: SECRET, signature: sign(raw), body: reencoded, now: NOW }))).reason).toBe("bad_signature");
  });

  it("rejects a tampered body and a wrong secret", async () => {
    const tampered = BODY.replace("completed", "failed");
    const bad = await failure(verifyWebhook({ secret: SECRET, signature: sign(BODY), body: tampered, now: NOW }));
    expect(bad.reason).toBe("bad_signature");
    expect(bad.message).toMatch(/signature does not match/);
    const wrong = await failure(verifyWebhook({ secret: SECRET, signature: sign(BODY, T, "whsec_other"), body: BODY, now: new Date(NOW) }));
    expect(wrong.reason).toBe("bad_signature");
  });

  it("rejects a stale or future timestamp, within the tolerance either way", async () => {
    const old = await failure(verifyWebhook({ secret: SECRET, signature: sign(BODY, T - 301), body: BODY, now: NOW }));
    expect([old.reason, old.message]).toEqual(["stale", "the delivery is 301s old, more than the 300s allowed"]);
    const ahead = await failure(verifyWebhook({ secret: SECRET, signature: sign(BODY, T + 301), body: BODY, now: NOW }));
    expect(ahead.reason).toBe("future");
    await expect(verifyWebhook({ secret: SECRET, signature: sign(BODY, T - 300), body: BODY, now: NOW })).resolves.toEqual(event);
    await expect(verifyWebhook({ secret: SECRET, signature: sign(BODY, T - 900), body: BODY, now: NOW, toleranceSeconds: 1000 })).resolves.toEqual(event);
  });

  it.each([
    ["missing", undefined, "missing_signature"],
    ["empty", "", "missing_signature"],
    ["without t", `v1=${"a".repeat(64)}`, "malformed_signature"],
    ["without v1", `t=${T}`, "malformed_signature"],
    ["with a short v1", `t=${T},v1=abc`, "malformed_signature"],
    ["with a date for t", `t=2026-05-14,v1=${"a".repeat(64)}`, "malformed_signature"],
    ["of another format", "sha256=deadbeef", "malformed_signature"],
  ] as const)("rejects a header that is %s", async (_what, signature, reason) => {
    const err = await failure(verifyWebhook({ secret: SECRET, signature, body: BODY, now: NOW }));
    expect(err.reason).toBe(reason);
    expect(err.message).toContain("X-BeeOS-Signature");
  });

  it("accepts a header with several v1 values when any one matches (secret rotation)", async () => {
    const valid = hmac(SECRET, T, BODY);
    const old = hmac("whsec_old", T, BODY);
    const header = `t=${T}, v1=${old}, v0=ignored, v1=${valid.toUpperCase()}`;
    await expect(verifyWebhook({ secret: SECRET, signature: header, body: BODY, now: NOW })).resolves.toEqual(event);
    const none = `t=${T},v1=${old},v1=${"0".repeat(64)}`;
    expect((await failure(verifyWebhook({ secret: SECRET, signature: none, body: BODY, now: NOW }))).reason).toBe("bad_signature");
  });

  it("rejects a correctly signed body that is not JSON", async () => {
    const text = "not json";
    expect((await failure(verifyWebhook({ secret: SECRET, signature: sign(text), body: text, now: NOW }))).reason).toBe("invalid_json");
  });
});

describe("a real receiver", () => {
  it("verifies a signed POST over HTTP from the bytes it read", async () => {
    const verdicts: string[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        verifyWebhook({ secret: SECRET, signature: req.headers["x-beeos-signature"], body: Buffer.concat(chunks) }).then(
          (got) => {
            verdicts.push(`ok ${got.task_id} ${got.status}`);
            res.writeHead(204).end();
          },
          (err: unknown) => {
            verdicts.push(err instanceof WebhookVerificationError ? err.reason : String(err));
            res.writeHead(400).end();
          },
        );
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/beeos`;
    try {
      const now = Math.floor(Date.now() / 1000);
      const post = (signature: string | undefined, body = BODY) =>
        fetch(url, { method: "POST", body, headers: { "content-type": "application/json", ...(signature ? { "X-BeeOS-Signature": signature } : {}) } });
      expect((await post(sign(BODY, now))).status).toBe(204);
      expect((await post(sign(BODY, now), `${BODY} `)).status).toBe(400);
      expect((await post(undefined)).status).toBe(400);
      expect(verdicts).toEqual(["ok task_abc123 completed", "bad_signature", "missing_signature"]);
    } finally {
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    }
  });
});

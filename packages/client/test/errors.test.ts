import { inspect } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  AuthenticationError,
  BadRequestError,
  BeeosApiError,
  BeeosError,
  ConflictError,
  InvalidResponseError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  createBeeosClient,
} from "../src/index.js";
import { envelope, json, startServer, type TestServer } from "./support/server.js";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const client = () => createBeeosClient({ baseUrl: server.url, token: "oag_test_token_123", maxRetries: 0 });

async function failure(promise: Promise<unknown>): Promise<BeeosApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BeeosApiError);
  return err as BeeosApiError;
}

describe("typed errors from the error envelope", () => {
  const cases = [
    [400, "invalid_request_error", "invalid_param", BadRequestError],
    [422, "validation_error", "invalid_body", BadRequestError],
    [401, "authentication_error", "invalid_token", AuthenticationError],
    [403, "permission_error", "forbidden", PermissionDeniedError],
    [404, "not_found_error", "not_found", NotFoundError],
    [409, "conflict_error", "conflict", ConflictError],
    [413, "invalid_request_error", "payload_too_large", PayloadTooLargeError],
    [429, "rate_limit_error", "rate_limited", RateLimitError],
    [500, "api_error", "internal_error", ServerError],
    [503, "api_error", "auth_unavailable", ServerError],
    [504, "api_error", "service_timeout", ServerError],
  ] as const;

  it.each(cases)("%i %s -> its class, with every field of the envelope", async (status, type, code, Class) => {
    server.handle((_req, res) =>
      json(
        res,
        status,
        envelope(code, `went wrong (${code})`, { type, request_id: "req_body", param: "name", metadata: { hint: "x" } }),
        { "x-request-id": "req_header" },
      ),
    );
    const err = await failure(client().getInstance({ path: { id: "instance_abc123" } }));
    expect(err).toBeInstanceOf(Class);
    expect(err).toBeInstanceOf(BeeosError);
    expect(err).toMatchObject({ status, code, type, requestId: "req_body", param: "name", metadata: { hint: "x" } });
    expect(err.message).toContain(`went wrong (${code})`);
    expect(err.message).toContain("getInstance");
    expect(err.response).toBeInstanceOf(Response);
    expect(err.response.status).toBe(status);
  });

  it("takes the request id from X-Request-Id when the body has none", async () => {
    server.handle((_req, res) => json(res, 404, envelope("not_found", "gone"), { "x-request-id": "req_hdr_1" }));
    const err = await failure(client().getInstance({ path: { id: "x1" } }));
    expect(err.requestId).toBe("req_hdr_1");
  });

  it("picks the class from error.type when the status has none, and keeps unknown types", async () => {
    server.handle((_req, res) => json(res, 418, envelope("rate_limited", "slow down", { type: "rate_limit_error" })));
    expect(await failure(client().listProviders())).toBeInstanceOf(RateLimitError);

    server.handle((_req, res) => json(res, 400, envelope("brand_new_code", "new", { type: "quantum_error" })));
    const err = await failure(client().listProviders());
    expect(err).toBeInstanceOf(BadRequestError);
    expect(err.type).toBe("quantum_error");
    expect(err.code).toBe("brand_new_code");

    server.handle((_req, res) => json(res, 418, envelope("teapot", "short and stout", { type: "quantum_error" })));
    const plain = await failure(client().listProviders());
    expect(plain.constructor).toBe(BeeosApiError);
    expect(plain.status).toBe(418);
  });

  it("exposes Retry-After on rate-limit errors", async () => {
    server.handle((_req, res) => json(res, 429, envelope("rate_limited", "slow"), { "retry-after": "7" }));
    const err = await failure(client().listProviders());
    expect((err as RateLimitError).retryAfterMs).toBe(7000);
  });
});

/** Answers every request with this status, headers and body text, as a proxy or a broken server might. */
function answerRaw(status: number, headers: Record<string, string>, body = ""): Promise<BeeosApiError> {
  server.handle((_req, res) => {
    res.writeHead(status, headers);
    res.end(body);
  });
  return failure(client().listProviders());
}

describe("bodies that are not the envelope still give a BeeosApiError", () => {
  it("HTML from a proxy", async () => {
    const err = await answerRaw(502, { "content-type": "text/html" }, "<html><body><h1>502 Bad Gateway</h1></body></html>");
    expect(err).toBeInstanceOf(ServerError);
    expect(err.status).toBe(502);
    expect(err.code).toBeUndefined();
    expect(err.message).toMatch(/HTTP 502 .*not JSON \(text\/html\).*502 Bad Gateway/);
  });

  it("an empty body", async () => {
    const err = await answerRaw(401, { "x-request-id": "req_empty" });
    expect(err).toBeInstanceOf(AuthenticationError);
    expect(err.message).toContain("empty body");
    expect(err.requestId).toBe("req_empty");
  });

  it("truncated JSON", async () => {
    const err = await answerRaw(500, { "content-type": "application/json" }, '{"success":false,"error":{"code":"internal_er');
    expect(err).toBeInstanceOf(ServerError);
    expect(err).not.toBeInstanceOf(SyntaxError);
    expect(err.message).toContain("not JSON");
    expect(err.body).toBe('{"success":false,"error":{"code":"internal_er');
  });

  it("JSON of another shape", async () => {
    server.handle((_req, res) => json(res, 404, { message: "route not found" }));
    const err = await failure(client().listProviders());
    expect(err).toBeInstanceOf(NotFoundError);
    expect(err.message).toContain("not the error envelope");
  });

  it("a 2xx whose body is not JSON is an InvalidResponseError, not a SyntaxError", async () => {
    const err = await answerRaw(200, { "content-type": "application/json", "x-request-id": "req_trunc" }, '{"success":true,"data":[');
    expect(err).toBeInstanceOf(InvalidResponseError);
    expect(err.status).toBe(200);
    expect(err.requestId).toBe("req_trunc");
  });
});

describe("tokens never leak through errors", () => {
  const jwt = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyX2FiYyJ9.c2lnbmF0dXJlX2hlcmU";
  it("redacts JWTs, oag_ keys and bearer values from message, toString, JSON and inspect", async () => {
    server.handle((req, res) =>
      json(res, 401, envelope("invalid_token", `token ${String(req.headers.authorization)} and ${jwt} refused`, { metadata: { sent: "oag_leaky_key_42" } })),
    );
    const err = await failure(client().listProviders());
    for (const text of [err.message, String(err), JSON.stringify(err), inspect(err, { depth: 5 }), err.stack ?? ""]) {
      expect(text).not.toContain("oag_test_token_123");
      expect(text).not.toContain("oag_leaky_key_42");
      expect(text).not.toContain(jwt);
      expect(text).not.toContain("c2lnbmF0dXJlX2hlcmU");
    }
    expect(err.message).toContain("[redacted");
    expect(JSON.parse(JSON.stringify(err))).toMatchObject({ name: "AuthenticationError", status: 401, code: "invalid_token" });
  });
});

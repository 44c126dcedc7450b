import {
  AuthenticationError,
  BadRequestError,
  BeeosApiError,
  ConflictError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from "@beeos/client";
import { describe, expect, test } from "vitest";
import { call, liveTarget, recordingClient, rejectionOf, startMock, violationsOf } from "../src/harness.js";
import { errorScenarios } from "../src/scenarios.js";
import { loadSpec } from "../src/spec.js";

const spec = loadSpec();

// The client's promise: which class a user catches for each status.
function expectedClass(status: number): typeof BeeosApiError {
  const byStatus: Record<number, typeof BeeosApiError> = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    413: PayloadTooLargeError,
    422: BadRequestError,
    429: RateLimitError,
  };
  return byStatus[status] ?? (status >= 500 ? ServerError : BeeosApiError);
}

// `Prefer` forces a status on the mock only; a live server ignores it.
describe.skipIf(liveTarget() !== undefined)("every documented error status, forced with Prefer", async () => {
  const server = await startMock();
  const { client, last } = recordingClient(server.url);

  test.for(errorScenarios(spec).map((s) => [s.name, s] as const))("%s", async ([, s], ctx) => {
    ctx.task.meta.contract = { operationId: s.op.operationId, kind: "error", status: s.status };
    const error = await rejectionOf(() => call(client, s.op, s.input));
    expect(error).toBeInstanceOf(expectedClass(s.status));
    const apiError = error as BeeosApiError;
    expect(apiError.status).toBe(s.status);
    expect(apiError.code).toBe(s.code);
    expect(apiError.code, "the error envelope's code must reach the client").toBeTypeOf("string");
    expect(violationsOf(last().headers)).toEqual([]);
  });
});

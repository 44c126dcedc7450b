// The spec's error envelope, and the choice of status when the spec does not document the
// natural one for an operation (the sandbox answers the closest documented status instead).
import { documents, responseSchemaPointer, specModel, type CompiledOperation } from "./spec.js";

/** The error `type` for each status the sandbox answers (the spec's known values). */
const TYPE_OF: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  409: "conflict_error",
  413: "invalid_request_error",
  422: "validation_error",
  429: "rate_limit_error",
};

/** An error the sandbox answers with the spec's envelope. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly param?: string,
    readonly metadata?: Record<string, string>,
  ) {
    super(message);
  }
}

export const badRequest = (code: string, message: string, param?: string) => new ApiError(400, code, message, param);
export const notFound = (what: string, id: string) => new ApiError(404, "not_found", `${what} \`${id}\` was not found`);
export const conflict = (message: string) => new ApiError(409, "conflict", message);

/**
 * Where a wanted status is not documented for the operation, the closest one that is:
 * the alternatives in order, else the wanted one anyway (and the gap is logged).
 */
const FALLBACKS: Record<number, number[]> = {
  400: [422, 404, 409],
  401: [404, 400],
  403: [404],
  404: [400, 409],
  409: [400, 422],
  413: [400, 422],
  415: [400, 422],
  422: [400, 409],
};

export function chooseStatus(op: CompiledOperation | undefined, wanted: number): { status: number; gap: boolean } {
  if (!op || documents(op, wanted)) return { status: wanted, gap: false };
  for (const alt of FALLBACKS[wanted] ?? []) {
    if (documents(op, alt) && errorEnvelopeAt(op, alt)) return { status: alt, gap: false };
  }
  return { status: wanted, gap: true };
}

/** Whether the documented response at a status is the generic error envelope (not a bespoke shape). */
function errorEnvelopeAt(op: CompiledOperation, status: number): boolean {
  const pointer = responseSchemaPointer(op, status);
  if (!pointer) return false;
  return specModel().check(pointer, { success: false, error: { code: "probe", message: "probe" } }).length === 0;
}

export function errorBody(error: ApiError, status: number, requestId: string): Record<string, unknown> {
  const body: Record<string, unknown> = {
    type: TYPE_OF[status] ?? (status >= 500 ? "api_error" : "invalid_request_error"),
    code: error.code,
    message: error.message,
    request_id: requestId,
  };
  if (error.param !== undefined) body.param = error.param;
  if (error.metadata) body.metadata = error.metadata;
  return { success: false, error: body };
}

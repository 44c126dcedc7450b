export { createBeeosClient, DEFAULT_BASE_URL, type BeeosClient, type BeeosClientOptions } from "./client.js";
export {
  AbortedError,
  AuthenticationError,
  BadRequestError,
  BeeosApiError,
  BeeosError,
  BeeosUsageError,
  ConflictError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  PaginationError,
  PayloadTooLargeError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from "./errors.js";
export { operationIndex, type OperationId, type PaginatedOperationId } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/schema.js";
export type { OperationInput, OperationMethod, OperationResult, RequestExtras, SuccessBody } from "./operations.js";
export type { PageItem, PageIterable, PaginateOptions } from "./paginate.js";
export type { AttemptRecord, BeeosLogger, FetchLike, RetryTiming } from "./transport.js";
export { redact } from "./redact.js";

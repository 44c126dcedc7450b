export { createBeeosClient, operationIndex, type BeeosClient, type BeeosClientOptions, type BeeosCore, type PageRequestOptions } from "./client.js";
export { createBeeosCore, DEFAULT_BASE_URL } from "./core.js";
export * from "./generated/functions.js";
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
export {
  verifyWebhook,
  WEBHOOK_SIGNATURE_HEADER,
  WebhookVerificationError,
  type VerifyWebhookOptions,
  type WebhookEvent,
  type WebhookFailure,
} from "./webhooks.js";
export { WaitTimeoutError, type WaitForInstanceOptions, type WaitOptions } from "./waiters.js";
export type { EventStream, ServerSentEvent } from "./sse.js";
export type { RequestOptions } from "./request-options.js";
export { VERSION } from "./version.js";
export type { OperationId, OperationTable, PaginatedOperationId, StreamOperationId } from "./generated/operations.js";
export type { components, operations, paths } from "./generated/schema.js";
export type * from "./generated/models.js";
export type { OperationArgs, OperationFunction, OperationInput, OperationMethod, OperationResult, RequestExtras, StreamEvent, SuccessBody } from "./operation.js";
export { paginate, type PageItem, type PageIterable, type PaginateOptions } from "./paginate.js";
export type { AttemptRecord, BeeosLogger, FetchLike, RetryTiming } from "./transport.js";
export { redact } from "./redact.js";

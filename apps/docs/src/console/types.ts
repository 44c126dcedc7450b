// The console's description of an operation, written at build time by
// scripts/lib/console.mjs from the spec, read by the page from console-operations.json.

export interface ConsoleField {
  name: string;
  in: "path" | "query" | "header" | "body";
  required: boolean;
  /** The form's kind of input: JSON for objects, arrays and schemas without one type. */
  type: "string" | "integer" | "number" | "boolean" | "array" | "object" | "json";
  description: string;
  enum?: string[];
  /** The allowed values of an array's items, when they are an enum. */
  itemEnum?: string[];
  constraints?: Partial<Record<"minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "minLength" | "maxLength" | "minItems" | "maxItems", number>> & {
    pattern?: string;
    format?: string;
    default?: unknown;
  };
  example?: unknown;
}

export interface ConsoleOperation {
  operationId: string;
  /** Upper case, as on the wire. */
  method: string;
  path: string;
  tag: string;
  summary: string;
  description: string;
  deprecated: boolean;
  /** The success answer is an event stream (text/event-stream). */
  stream: boolean;
  /** The operation in the API reference, site-absolute. */
  reference: string;
  /** This console, open at the operation. */
  console: string;
  params: ConsoleField[];
  body?: {
    mediaType: string;
    required: boolean;
    /** One per property of a JSON object body; empty for any other body (one text box). */
    fields: ConsoleField[];
    example?: unknown;
  };
}

// The instance runtime: capabilities, JSON-RPC methods as durable operations, their event
// stream, and terminal/canvas session tickets.
import { randomBytes } from "node:crypto";
import { ApiError, notFound } from "../errors.js";
import type { Ctx, Handler, Result } from "../context.js";
import { newUuid, nextSeq, type OperationRec } from "../state.js";
import { isoAt, nowIso } from "../clock.js";
import { exampleOf } from "../seed.js";
import { envelopeOf } from "../world.js";
import { sseResponse } from "./sse.js";

function runtimeInstance(ctx: Ctx): any {
  const id = ctx.path.instanceId!;
  const instance = ctx.space.instances.get(id);
  if (!instance) throw notFound("instance", id);
  return instance;
}

function findOperation(ctx: Ctx): OperationRec {
  runtimeInstance(ctx);
  const rec = ctx.space.operations.get(ctx.path.operationId!);
  if (!rec || rec.operation.instanceId !== ctx.path.instanceId) throw notFound("runtime operation", ctx.path.operationId!);
  return rec;
}

/** The runtime's own error: HTTP 200 with a JSON-RPC error body. */
const rpcError = (id: unknown, code: number, message: string, data?: unknown): Result => ({
  status: 200,
  body: { jsonrpc: "2.0", id, error: { code, message, ...(data !== undefined ? { data } : {}) } },
});

const view = (rec: OperationRec) => rec.operation;

const ticket = (kind: string): Result => {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
  const sig = randomBytes(32).toString("base64url");
  return { status: 201, body: { ticket: `${part({ alg: "RS256", typ: "JWT" })}.${part({ sub: kind, jti: newUuid() })}.${sig}`, expiresAt: isoAt(Date.now() + 60_000) } };
};

export const runtimeHandlers: Record<string, Handler> = {
  getRuntimeCapabilities(ctx) {
    runtimeInstance(ctx);
    return { status: 200, body: exampleOf("getRuntimeCapabilities") };
  },

  invokeRuntimeMethod(ctx) {
    const instance = runtimeInstance(ctx);
    const { id, method, params } = ctx.body;
    const manifest = exampleOf("getRuntimeCapabilities") as { methods: string[] };
    if (instance.status !== "running") return rpcError(id, -32001, "INSTANCE_OFFLINE", { status: instance.status });
    if (!manifest.methods.includes(method)) return rpcError(id, -32004, "METHOD_NOT_SUPPORTED", { method, supported: manifest.methods });
    const operationId = ctx.headers["x-beeos-operation-id"] ?? newUuid();
    if (ctx.space.operations.has(operationId)) {
      throw new ApiError(409, "conflict", `operation id \`${operationId}\` is already in use; send a new X-BeeOS-Operation-Id`);
    }
    const now = nowIso();
    const agentId = typeof params?.platformAgentId === "string" && /^[0-9a-f-]{36}$/i.test(params.platformAgentId) ? params.platformAgentId : undefined;
    const rec: OperationRec = {
      operation: {
        id: operationId,
        instanceId: instance.id,
        target: agentId ? { scope: "agent", platformAgentId: agentId } : { scope: "instance" },
        method,
        capability: method.split("/")[0],
        transport: "service",
        sequence: "0",
        createdAt: now,
        updatedAt: now,
        status: "running",
        effectState: "running",
        terminal: false,
      },
      seq: nextSeq(ctx.space),
      events: [],
    };
    ctx.space.operations.set(operationId, rec);
    ctx.world.driveOperation(ctx.token, operationId);
    return { status: 202, body: { status: "accepted", operationId }, headers: { "X-BeeOS-Operation-Id": operationId } };
  },

  listRuntimeOperations(ctx) {
    runtimeInstance(ctx);
    const limit: number = ctx.query.limit ?? 50;
    const cursor = ctx.query.cursor;
    if (cursor !== undefined && !/^\d+$/.test(cursor)) throw new ApiError(400, "invalid_param", `\`cursor\` \`${cursor}\` is not a cursor this list handed out (pass back \`nextCursor\`)`, "cursor");
    const after = cursor === undefined ? 0 : Number(cursor);
    const rows = [...ctx.space.operations.values()]
      .filter((o) => o.operation.instanceId === ctx.path.instanceId && !o.operation.terminal && o.seq > after)
      .sort((a, b) => a.seq - b.seq);
    const page = rows.slice(0, limit);
    return { status: 200, body: { operations: page.map((o) => ({ ...view(o), cursor: String(o.seq) })), ...(rows.length > limit ? { nextCursor: String(page.at(-1)!.seq) } : {}) } };
  },

  getRuntimeOperation: (ctx) => ({ status: 200, body: view(findOperation(ctx)) }),

  streamRuntimeOperationEvents(ctx) {
    const rec = findOperation(ctx);
    const last = ctx.headers["last-event-id"];
    let after = 0;
    if (last !== undefined) {
      if (!/^(0|[1-9][0-9]*)$/.test(last)) throw new ApiError(400, "invalid_param", `Last-Event-ID \`${last}\` is not an event id of this stream`, "Last-Event-ID");
      after = Number(last);
      if (after > rec.events.length) {
        return { status: 409, body: { code: "OPERATION_CURSOR_AHEAD", operationId: rec.operation.id, cursor: last, lastSequence: String(rec.events.length), httpStatus: 409 } };
      }
    }
    const history = rec.events.slice(after).map((e) => ({ id: String(e.sequence), data: envelopeOf(rec, e) }));
    return sseResponse(ctx, {
      channel: ctx.world.opChannel(rec.operation.id),
      history,
      finished: rec.operation.terminal ? undefined : false,
      toFrame: (e) => (e.kind === "op" ? { id: String(e.envelope.id), data: e.envelope } : undefined),
      isLast: (e) => e.kind === "end",
    });
  },

  cancelRuntimeOperation(ctx) {
    const rec = findOperation(ctx);
    if (rec.operation.terminal) {
      return { status: 409, body: { code: "OPERATION_NOT_CANCELLABLE", operationId: rec.operation.id, httpStatus: 409 } };
    }
    rec.operation.cancelRequest ??= { requestedBy: ctx.space.ownerId, requestedAt: nowIso() };
    // A seeded operation stands still until something moves it; the cancellation does.
    ctx.world.driveOperation(ctx.token, rec.operation.id);
    // The cancellation is itself a durable operation; its id is the one the caller named, or new.
    const cancelId = ctx.headers["x-beeos-operation-id"] ?? newUuid();
    return { status: 202, body: { status: "cancel_requested", operationId: rec.operation.id }, headers: { "X-BeeOS-Operation-Id": cancelId } };
  },

  createTerminalSession(ctx) {
    runtimeInstance(ctx);
    return ticket("terminal");
  },

  createCanvasSession(ctx) {
    runtimeInstance(ctx);
    return ticket("canvas");
  },
};

// Agents, invocations, tasks and task webhooks.
import { ApiError, badRequest, conflict, notFound } from "../errors.js";
import { wrap, type Ctx, type Handler } from "../context.js";
import { newId, nextSeq, type MessageRec, type Obj, type TaskRec } from "../state.js";
import { isoAt, nowIso } from "../clock.js";
import { TASK_FINAL, isLoopbackUrl, replyText } from "../world.js";
import { sseResponse, type SseFrame } from "./sse.js";

export function findAgent(ctx: Ctx): any {
  const id = ctx.path.agentId!;
  const agent = ctx.space.agents.get(id);
  if (!agent) throw notFound("agent", id);
  return agent;
}

/** The agent's instance must be running for it to take work. */
export function requireRunning(ctx: Ctx, agent: any): void {
  const instance = ctx.space.instances.get(agent.instanceId);
  if (!instance || instance.status !== "running") {
    throw conflict(`agent \`${agent.id}\` cannot take work: its instance \`${agent.instanceId}\` is \`${instance?.status ?? "gone"}\`, not \`running\``);
  }
}

function findTask(ctx: Ctx): TaskRec {
  findAgent(ctx);
  const rec = ctx.space.tasks.get(ctx.path.taskId!);
  if (!rec || rec.task.agent_id !== ctx.path.agentId) throw notFound("task", ctx.path.taskId!);
  return rec;
}

/** Messages as the wire sees them: private bookkeeping (`_…`) stays inside. */
export const messageView = (m: MessageRec): Obj => Object.fromEntries(Object.entries(m).filter(([k]) => !k.startsWith("_")));

const summaryOf = (rec: TaskRec): Obj => {
  const t = rec.task as any;
  const closed = TASK_FINAL.has(t.status);
  return {
    task_id: t.task_id,
    agent_id: t.agent_id,
    caller_id: t.caller_id,
    state: closed ? "closed" : "active",
    ...(closed ? { close_reason: t.status } : {}),
    ...(t.metadata ? { metadata: t.metadata } : {}),
    ...(t.deadline_at ? { deadline_at: t.deadline_at } : {}),
  };
};

/** Newest first, resumed strictly after the `since` cursor (the opaque creation number of the last row). */
function pageBySince<T extends { seq: number }>(rows: T[], since: string | undefined, limit: number, stateOk: (r: T) => boolean): { page: T[]; next: string | undefined } {
  const after = since === undefined || since === "" ? Infinity : Number.parseInt(since, 36);
  if (Number.isNaN(after)) throw badRequest("invalid_param", `\`since\` \`${since}\` is not a cursor this list handed out (pass back \`next_since\`)`, "since");
  const sorted = rows.filter((r) => r.seq < after && stateOk(r)).sort((a, b) => b.seq - a.seq);
  const page = sorted.slice(0, limit);
  return { page, next: sorted.length > limit ? page.at(-1)!.seq.toString(36) : undefined };
}

export function stateFilter(state: string | undefined): (open: boolean) => boolean {
  const s = state ?? "active";
  return (open) => s === "all" || (s === "closed" ? !open : open);
}

function listMessages(ctx: Ctx, messages: MessageRec[], max: number): Obj {
  const since: number = ctx.query.since ?? 0;
  const limit: number = Math.min(ctx.query.limit ?? 100, max);
  const deltas: boolean = ctx.query.include_deltas ?? false;
  const visible = messages.filter((m) => m.offset > since && (deltas || m.type !== "agent_message_chunk"));
  const page = visible.slice(0, limit);
  const hasMore = visible.length > limit;
  return {
    messages: page.map(messageView),
    latest_offset: messages.at(-1)?.offset ?? 0,
    has_more: hasMore,
    ...(hasMore ? { next_since: String(page.at(-1)!.offset) } : {}),
  };
}

/** A message log as SSE frames strictly after `since`, or a `backfill_truncated` first when the log was cleared. */
export function messageFrames(messages: MessageRec[], since: number, oldest: number): SseFrame[] {
  const frames: SseFrame[] = [];
  if (since > 0 && since < oldest - 1) frames.push({ event: "backfill_truncated", data: { oldest_redis_offset: oldest, since, hint: "older messages were cleared" } });
  for (const m of messages) if (m.offset > since) frames.push({ id: String(m.offset), event: "message", data: messageView(m) });
  return frames;
}

function createTaskRecord(ctx: Ctx, agent: any, body: any): TaskRec {
  const now = Date.now();
  const taskId = newId("task");
  const task: any = {
    task_id: taskId,
    agent_id: agent.id,
    caller_id: ctx.space.ownerId,
    status: "queued",
    created_at: isoAt(now),
    ...(body.metadata ? { metadata: body.metadata } : {}),
    ...(body.deadline_ms !== undefined ? { deadline_at: isoAt(now + ctx.world.scheduler.scaled(body.deadline_ms)) } : {}),
  };
  const rec: TaskRec = {
    task,
    seq: nextSeq(ctx.space),
    instanceId: agent.instanceId,
    contextId: body.context_id ?? taskId,
    messages: [],
    nextOffset: 1,
    script: String(body.message),
    webhooks: [],
  };
  rec.messages.push({
    message_id: newId("msg"),
    offset: rec.nextOffset++,
    type: "chat_message",
    publisher_id: ctx.space.ownerId,
    payload: { text: body.message, ...(body.attachments ? { attachments: body.attachments } : {}) },
    created_at: task.created_at,
  });
  return rec;
}

function checkAttachments(ctx: Ctx, body: any): void {
  (body.attachments ?? []).forEach((a: any, i: number) => {
    if (!ctx.space.files.has(a.file_id)) throw badRequest("invalid_param", `attachments[${i}].file_id \`${a.file_id}\` is not one of your files (presign an upload first)`, `attachments[${i}].file_id`);
  });
}

export const agentHandlers: Record<string, Handler> = {
  listAgents(ctx) {
    const q = ctx.query;
    const instanceId = q.instance_id ?? q.instanceId;
    if (q.limit !== undefined && q.limit < 1) throw badRequest("invalid_param", "`limit` must be at least 1", "limit");
    if (q.offset !== undefined && q.offset < 0) throw badRequest("invalid_param", "`offset` must not be negative", "offset");
    const rows = [...ctx.space.agents.values()].filter((a: any) => (instanceId === undefined || a.instanceId === instanceId) && (q.status === undefined || a.status === q.status));
    const offset: number = q.offset ?? 0;
    const limit: number = Math.min(q.limit ?? 20, 200);
    const extra: Obj = { total: rows.length };
    if (instanceId !== undefined) {
      extra.projection = {
        acceptedEpoch: "1",
        acceptedRevision: String(rows.length),
        canonicalHash: "0".repeat(48) + rows.length.toString(16).padStart(16, "0"),
        lastSyncedAt: nowIso(),
        syncState: "synced",
        agentsComplete: true,
        skillsComplete: true,
      };
    }
    return wrap(rows.slice(offset, offset + limit), 200, extra);
  },

  getAgent: (ctx) => wrap(findAgent(ctx)),

  updateAgent(ctx) {
    const agent = findAgent(ctx);
    const b = ctx.body ?? {};
    if (b.visibility === undefined && b.mcpEnabled === undefined && b.mcp_enabled === undefined) {
      throw badRequest("invalid_param", "the body changes nothing: give `visibility` and/or `mcpEnabled`", "body");
    }
    if (b.visibility !== undefined) agent.visibility = b.visibility;
    if (b.mcpEnabled !== undefined || b.mcp_enabled !== undefined) agent.mcpEnabled = b.mcpEnabled ?? b.mcp_enabled;
    agent.updatedAt = nowIso();
    return wrap(agent);
  },

  deleteAgent(ctx) {
    findAgent(ctx);
    throw conflict("deleting agents is not available yet; nothing was deleted");
  },

  invokeAgent(ctx) {
    const agent = findAgent(ctx);
    requireRunning(ctx, agent);
    checkAttachments(ctx, ctx.body);
    const text = replyText(String(ctx.body.message));
    const contextId: string = ctx.body.context_id ?? newId("ctx");
    const replyMs = ctx.world.scheduler.scaled(800);
    const timeout: number = ctx.body.timeout_ms ?? 115_000;
    if (timeout < 800) throw new ApiError(504, "service_timeout", `the agent did not reply within timeout_ms ${timeout}`);
    if (ctx.accept.includes("text/event-stream")) {
      const frames: SseFrame[] = [
        { data: { type: "reasoning", text: "Reading the message." } },
        { data: { type: "delta", text: text.slice(0, 16) } },
        { data: { type: "delta", text: text.slice(16) } },
        { data: { type: "done", text, context_id: contextId, is_error: false } },
      ];
      return sseResponse(ctx, { channel: `invoke|${contextId}`, history: frames, finished: undefined, toFrame: () => undefined, isLast: () => true });
    }
    return new Promise((resolve) => {
      setTimeout(() => resolve(wrap({ text, context_id: contextId, is_error: false })), replyMs);
    });
  },

  listAgentTasks(ctx) {
    findAgent(ctx);
    const open = stateFilter(ctx.query.state);
    const rows = [...ctx.space.tasks.values()].filter((t) => t.task.agent_id === ctx.path.agentId);
    const { page, next } = pageBySince(rows, ctx.query.since, ctx.query.limit ?? 20, (t) => open(!TASK_FINAL.has(t.task.status)));
    return wrap({ tasks: page.map(summaryOf), ...(next ? { next_since: next } : {}) });
  },

  listUserTasks(ctx) {
    const q = ctx.query;
    const open = stateFilter(q.state);
    const rows = [...ctx.space.tasks.values()].filter((t) => (q.agent_id === undefined || t.task.agent_id === q.agent_id) && (q.instance_id === undefined || t.instanceId === q.instance_id));
    const { page, next } = pageBySince(rows, q.since, q.limit ?? 50, (t) => open(!TASK_FINAL.has(t.task.status)));
    return wrap({ tasks: page.map(summaryOf), ...(next ? { next_since: next } : {}) });
  },

  createTask(ctx) {
    const agent = findAgent(ctx);
    requireRunning(ctx, agent);
    checkAttachments(ctx, ctx.body);
    const rec = createTaskRecord(ctx, agent, ctx.body);
    ctx.space.tasks.set(rec.task.task_id, rec);
    ctx.world.driveTask(ctx.token, rec.task.task_id);
    const t = rec.task as any;
    return wrap({ task_id: t.task_id, agent_id: t.agent_id, status: t.status, created_at: t.created_at }, 202);
  },

  getTask: (ctx) => wrap(findTask(ctx).task),

  listTaskMessages(ctx) {
    const rec = findTask(ctx);
    return wrap(listMessages(ctx, rec.messages, 500));
  },

  streamTaskEvents(ctx) {
    const rec = findTask(ctx);
    // A position past the last message replays nothing and waits for what comes after it.
    const since: number = ctx.query.since ?? 0;
    const history = messageFrames(rec.messages, since, rec.messages[0]?.offset ?? 1);
    const end: SseFrame = { event: "end", data: { reason: "task_terminal" } };
    return sseResponse(ctx, {
      channel: ctx.world.taskChannel(rec.task.task_id),
      history,
      finished: TASK_FINAL.has(rec.task.status) ? end : false,
      toFrame: (e) => (e.kind === "message" ? (e.message.offset > since ? { id: String(e.message.offset), event: "message", data: messageView(e.message) } : undefined) : e.kind === "end" ? { event: "end", data: { reason: e.reason } } : undefined),
      isLast: (e) => e.kind === "end",
    });
  },

  cancelTask(ctx) {
    const rec = findTask(ctx);
    const status = rec.task.status;
    if (status === "canceled") return wrap(rec.task);
    if (TASK_FINAL.has(status)) throw conflict(`task \`${rec.task.task_id}\` already ended as \`${status}\`; only an unfinished task can be canceled`);
    ctx.world.setTaskStatus(ctx.token, rec, "canceled", ctx.body?.reason ? { error: `canceled: ${ctx.body.reason}` } : {});
    return wrap(rec.task);
  },

  continueTask(ctx) {
    const rec = findTask(ctx);
    const status = rec.task.status;
    const b = ctx.body ?? {};
    if (status === "input_required") {
      if (b.input === undefined) throw badRequest("missing_param", "a task in `input_required` continues with `input`", "input");
      rec.messages.push({ message_id: newId("msg"), offset: rec.nextOffset++, type: "chat_message", publisher_id: ctx.space.ownerId, payload: { text: typeof b.input === "string" ? b.input : JSON.stringify(b.input) }, created_at: nowIso(), _continued: true });
      ctx.world.publish(`${ctx.token}|${ctx.world.taskChannel(rec.task.task_id)}`, { kind: "message", message: rec.messages.at(-1)! });
    } else if (status === "auth_required") {
      if (b.auth_grant !== true) throw badRequest("invalid_param", "a task in `auth_required` continues with `auth_grant: true`", "auth_grant");
      rec.messages.push({ message_id: newId("msg"), offset: rec.nextOffset++, type: "auth_grant", publisher_id: ctx.space.ownerId, created_at: nowIso(), _authGranted: true });
      ctx.world.publish(`${ctx.token}|${ctx.world.taskChannel(rec.task.task_id)}`, { kind: "message", message: rec.messages.at(-1)! });
    } else {
      throw conflict(`task \`${rec.task.task_id}\` is \`${status}\`; only a task paused in \`input_required\` or \`auth_required\` continues`);
    }
    ctx.world.setTaskStatus(ctx.token, rec, "running");
    ctx.world.driveTask(ctx.token, rec.task.task_id);
    return wrap(rec.task);
  },

  listTaskWebhooks(ctx) {
    const rec = findTask(ctx);
    return wrap({ webhooks: rec.webhooks.filter((w) => !w.deleted).map((w) => w.webhook) });
  },

  registerTaskWebhook(ctx) {
    const rec = findTask(ctx);
    const { url, token, secret } = ctx.body;
    if (!isLoopbackUrl(url)) {
      throw badRequest("invalid_param", `the sandbox delivers webhooks only to loopback receivers (http://127.0.0.1, http://[::1], http://localhost); \`${url}\` is not one`, "url");
    }
    let hook = rec.webhooks.find((w) => !w.deleted && w.webhook.url === url);
    if (hook) {
      hook.token = token;
      hook.secret = secret;
      hook.webhook.has_secret = secret !== undefined;
    } else {
      hook = {
        webhook: { webhook_id: newId("webhook"), task_id: rec.task.task_id, url, has_secret: secret !== undefined, created_at: nowIso() },
        token,
        secret,
        deleted: false,
        deliveries: [],
      };
      rec.webhooks.push(hook);
      // A task that already ended still tells a late subscriber how it ended.
      if (TASK_FINAL.has(rec.task.status)) ctx.world.fireWebhooks(ctx.token, rec, rec.task.status, true, hook);
    }
    return wrap(hook.webhook, 201);
  },

  deleteTaskWebhook(ctx) {
    const rec = findTask(ctx);
    const hook = rec.webhooks.find((w) => !w.deleted && w.webhook.webhook_id === ctx.path.webhookId);
    if (!hook) throw notFound("webhook", ctx.path.webhookId!);
    hook.deleted = true;
    return { status: 204 };
  },

  listWebhookDeliveries(ctx) {
    const rec = findTask(ctx);
    const hook = rec.webhooks.find((w) => !w.deleted && w.webhook.webhook_id === ctx.path.webhookId);
    if (!hook) throw notFound("webhook", ctx.path.webhookId!);
    const limit: number = ctx.query.limit ?? 50;
    return wrap({ deliveries: [...hook.deliveries].reverse().slice(0, limit).map((d) => d.delivery) });
  },

  redeliverWebhook(ctx) {
    const rec = findTask(ctx);
    const hook = rec.webhooks.find((w) => !w.deleted && w.webhook.webhook_id === ctx.path.webhookId);
    if (!hook) throw notFound("webhook", ctx.path.webhookId!);
    const original = hook.deliveries.find((d) => d.delivery.delivery_id === ctx.path.deliveryId);
    if (!original) throw notFound("delivery", ctx.path.deliveryId!);
    if (original.delivery.status !== "failed" && original.delivery.status !== "dead_letter") {
      throw conflict(`delivery \`${original.delivery.delivery_id}\` is \`${original.delivery.status}\`; only a \`failed\` or \`dead_letter\` delivery can be redelivered`);
    }
    const created = nowIso();
    const copy = {
      delivery: {
        delivery_id: newId("delivery"),
        webhook_id: hook.webhook.webhook_id,
        task_id: rec.task.task_id,
        renderer: original.delivery.renderer,
        status: "pending",
        attempt_num: 0,
        last_response_status: 0,
        next_attempt_at: created,
        created_at: created,
      },
      body: original.body,
      signature: original.signature,
    };
    hook.deliveries.push(copy);
    const answer = { ...copy.delivery };
    ctx.world.attempt(ctx.token, rec.task.task_id, hook.webhook.webhook_id, copy.delivery.delivery_id);
    return wrap(answer, 202);
  },
};

// The simulation: spaces per token, the passage of (scaled) time, event channels for the SSE
// streams, and webhook deliveries. Handlers change records and ask the world to move them on.
import { createHmac } from "node:crypto";
import { Scheduler, nowIso, isoAt } from "./clock.js";
import { plant } from "./seed.js";
import { loadState, newId, newSpace, saveState, type ConversationRec, type DeliveryRec, type MessageRec, type Obj, type OperationRec, type Space, type TaskRec, type WebhookRec } from "./state.js";
import type { SandboxSeed } from "./types.js";

/** Documented durations at speed 1, in milliseconds. */
export const DURATIONS = {
  pendingToProvisioning: 2000,
  provisioningToRunning: 3000,
  stopping: 2000,
  restarting: 3000,
  destroying: 1000,
  taskQueued: 500,
  taskStep: 500,
  slowTask: 60_000,
  replyStep: 300,
  operationStep: 700,
  webhookBackoff: [1000, 5000, 25_000],
  webhookAttemptTimeout: 10_000,
} as const;

export type ChannelEvent = { kind: "message"; message: MessageRec } | { kind: "end"; reason: string } | { kind: "op"; envelope: Obj };

export const TASK_FINAL = new Set(["completed", "failed", "canceled", "timeout", "rejected"]);

/** Only loopback receivers get webhooks from the sandbox. */
export function isLoopbackUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  const host = parsed.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

export class World {
  spaces = new Map<string, Space>();
  readonly scheduler: Scheduler;
  private readonly channels = new Map<string, Set<(event: ChannelEvent) => void>>();
  private closed = false;

  constructor(
    readonly speed: number,
    private readonly seed: SandboxSeed,
    private readonly statePath: string | undefined,
    private readonly log: (line: string) => void,
  ) {
    this.scheduler = new Scheduler(speed);
  }

  /** Loads the state file when there is one, and moves on whatever was in flight. */
  start(): void {
    if (!this.statePath) return;
    const loaded = loadState(this.statePath);
    if (!loaded) return;
    this.spaces = loaded;
    for (const [token, space] of this.spaces) this.resume(token, space);
    this.log(`loaded state for ${this.spaces.size} token(s) from ${this.statePath}`);
  }

  space(token: string): Space {
    let space = this.spaces.get(token);
    if (!space) {
      space = newSpace(token);
      plant(space, this.seed.tokens?.[token] ?? this.seed.shared);
      this.spaces.set(token, space);
      // Seeded instances and tasks in flight move on like any others.
      for (const id of space.instances.keys()) this.driveInstance(token, id);
      for (const [id, rec] of space.tasks) if (!TASK_FINAL.has(rec.task.status)) this.driveTask(token, id);
      // A new token's start is part of the state too (its seeded ids must survive a restart).
      this.persist();
    }
    return space;
  }

  reset(): void {
    this.scheduler.clear();
    this.driving.clear();
    for (const key of [...this.channels.keys()]) this.publish(key, { kind: "end", reason: "stream_closed" });
    this.channels.clear();
    this.spaces = new Map();
    this.persist();
  }

  close(): void {
    this.closed = true;
    this.scheduler.clear();
    for (const key of [...this.channels.keys()]) this.publish(key, { kind: "end", reason: "stream_closed" });
    this.channels.clear();
  }

  /** The last write on close (after timers stopped, so nothing moves any more). */
  persistFinal(): void {
    if (this.statePath) saveState(this.statePath, this.spaces);
  }

  /** Writes the state file (atomically) when one is configured. Called before a change is acknowledged. */
  persist(): void {
    if (this.statePath && !this.closed) saveState(this.statePath, this.spaces);
  }

  subscribe(key: string, listener: (event: ChannelEvent) => void): () => void {
    let set = this.channels.get(key);
    if (!set) this.channels.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.channels.get(key) === set) this.channels.delete(key);
    };
  }

  publish(key: string, event: ChannelEvent): void {
    for (const listener of [...(this.channels.get(key) ?? [])]) listener(event);
  }

  // ---- instances -------------------------------------------------------------------------

  /** Moves an instance towards its desired status, one documented step at a time. */
  driveInstance(token: string, id: string): void {
    const step = (ms: number, expect: (i: any) => boolean, patch: (i: any) => void) => {
      this.scheduler.after(ms, () => {
        const instance = this.spaces.get(token)?.instances.get(id);
        if (!instance || !expect(instance)) return;
        patch(instance);
        instance.updatedAt = nowIso();
        instance.statusEnteredAt = instance.updatedAt;
        this.persist();
        this.driveInstance(token, id);
      });
    };
    const instance: any = this.spaces.get(token)?.instances.get(id);
    if (!instance) return;
    const { status, desiredStatus } = instance;
    if (desiredStatus === "terminated" && status !== "terminated") {
      step(DURATIONS.destroying, (i) => i.desiredStatus === "terminated", (i) => {
        this.leaveRunning(i);
        i.status = "terminated";
        i.connectivity = "offline";
        i.endpoint = "";
      });
    } else if (desiredStatus === "running" && status === "pending") {
      step(DURATIONS.pendingToProvisioning, (i) => i.status === "pending" && i.desiredStatus === "running", (i) => {
        i.status = "provisioning";
      });
    } else if (desiredStatus === "running" && status === "provisioning") {
      step(DURATIONS.provisioningToRunning, (i) => i.status === "provisioning" && i.desiredStatus === "running", (i) => {
        i.status = "running";
        i.startedAt = nowIso();
        i.connectivity = "online";
        i.connectivityUpdatedAt = i.startedAt;
        i.endpoint = `https://rt.beeos.ai/i/${i.id}`;
        delete i.stoppedAt;
      });
    } else if (desiredStatus === "stopped" && status !== "stopped" && status !== "terminated") {
      step(DURATIONS.stopping, (i) => i.desiredStatus === "stopped" && i.status !== "stopped", (i) => {
        this.leaveRunning(i);
        i.status = "stopped";
        i.stoppedAt = nowIso();
        i.connectivity = "offline";
        i.connectivityUpdatedAt = i.stoppedAt;
        i.endpoint = "";
      });
    }
  }

  private leaveRunning(instance: any): void {
    if (instance.status === "running" && instance.startedAt) {
      const ran = Math.max(0, Math.floor((Date.now() - Date.parse(instance.startedAt)) / 1000));
      instance.totalRunSeconds = (instance.totalRunSeconds ?? 0) + ran;
    }
  }

  // ---- tasks -----------------------------------------------------------------------------

  addMessage(token: string, channel: string, rec: { messages: MessageRec[]; nextOffset: number }, message: Omit<MessageRec, "offset" | "message_id"> & { message_id?: string }): MessageRec {
    const full = { message_id: message.message_id ?? newId("msg"), offset: rec.nextOffset, ...message } as MessageRec;
    rec.nextOffset += 1;
    rec.messages.push(full);
    this.publish(`${token}|${channel}`, { kind: "message", message: full });
    return full;
  }

  taskChannel = (taskId: string) => `task|${taskId}`;

  setTaskStatus(token: string, rec: TaskRec, status: string, extra: Obj = {}): void {
    Object.assign(rec.task, extra, { status });
    if (status === "running" && !rec.task.started_at) rec.task.started_at = nowIso();
    const final = TASK_FINAL.has(status);
    if (final) {
      rec.task.completed_at = nowIso();
      this.publish(`${token}|${this.taskChannel(rec.task.task_id)}`, { kind: "end", reason: "task_terminal" });
    }
    this.fireWebhooks(token, rec, status, final);
    this.persist();
  }

  /** Starts (or, after a restart from the state file, resumes) a task's simulated work. */
  driveTask(token: string, taskId: string): void {
    const get = () => this.spaces.get(token)?.tasks.get(taskId);
    const rec = get();
    if (!rec || TASK_FINAL.has(rec.task.status)) return;
    const deadline = rec.task.deadline_at ? Date.parse(String(rec.task.deadline_at)) : undefined;
    if (deadline !== undefined) {
      const left = Math.max(0, deadline - Date.parse(String(rec.task.created_at)));
      this.scheduler.after(left, () => {
        const r = get();
        if (r && !TASK_FINAL.has(r.task.status)) this.setTaskStatus(token, r, "timeout", { error: "the task did not finish before its deadline" });
      });
    }
    const status = rec.task.status;
    if (status === "queued") {
      this.scheduler.after(DURATIONS.taskQueued, () => {
        const r = get();
        if (!r || r.task.status !== "queued") return;
        if (r.script.includes("[reject]")) {
          this.setTaskStatus(token, r, "rejected", { error: "the agent rejected the task" });
          return;
        }
        this.setTaskStatus(token, r, "running");
        this.work(token, taskId);
      });
    } else if (status === "running") {
      this.work(token, taskId);
    }
  }

  /** The agent's side of a running task: two streamed chunks, then the final reply (or a pause). */
  private work(token: string, taskId: string): void {
    const get = () => {
      const r = this.spaces.get(token)?.tasks.get(taskId);
      return r && r.task.status === "running" ? r : undefined;
    };
    const rec = get();
    if (!rec) return;
    const prompt = rec.messages.find((m) => m.type === "chat_message");
    const reply = replyText(String((prompt?.payload as Obj | undefined)?.text ?? ""));
    const pause = rec.script.includes("[input_required]") && !rec.messages.some((m) => m.type === "chat_message" && m._continued)
      ? "input_required"
      : rec.script.includes("[auth_required]") && !rec.messages.some((m) => m._authGranted)
        ? "auth_required"
        : undefined;
    const stepMs = rec.script.includes("[slow]") ? DURATIONS.slowTask / 3 : DURATIONS.taskStep;
    const channel = this.taskChannel(taskId);
    const half = Math.ceil(reply.length / 2);
    const agentId = rec.task.agent_id;
    const inReplyTo = prompt?.message_id;
    const base = { publisher_id: agentId, ...(inReplyTo ? { in_reply_to: inReplyTo } : {}) };
    this.scheduler.after(stepMs, () => {
      const r = get();
      if (!r) return;
      this.addMessage(token, channel, r, { type: "agent_message_chunk", ...base, body: reply.slice(0, half), state: "streaming", created_at: nowIso() });
      this.persist();
      this.scheduler.after(stepMs, () => {
        const r2 = get();
        if (!r2) return;
        this.addMessage(token, channel, r2, { type: "agent_message_chunk", ...base, body: reply.slice(half), state: "streaming", created_at: nowIso() });
        this.persist();
        this.scheduler.after(stepMs, () => {
          const r3 = get();
          if (!r3) return;
          if (pause) {
            const question = pause === "input_required" ? "Which wiki space should I start with?" : "I need permission to open the wiki. Grant access?";
            this.addMessage(token, channel, r3, { type: "agent_reply", ...base, body: question, state: "completed", stop_reason: "end_turn", created_at: nowIso() });
            this.setTaskStatus(token, r3, pause);
            return;
          }
          if (r3.script.includes("[fail]")) {
            this.addMessage(token, channel, r3, { type: "agent_reply", ...base, body: "The agent could not finish the task.", state: "failed", stop_reason: "error", created_at: nowIso() });
            this.setTaskStatus(token, r3, "failed", { error: "the agent reported an error" });
            return;
          }
          this.addMessage(token, channel, r3, {
            type: "agent_reply",
            ...base,
            body: reply,
            state: "completed",
            stop_reason: "end_turn",
            parts: [{ type: "thinking", text: "Reading the request and planning the steps.", state: "done" }],
            created_at: nowIso(),
          });
          this.setTaskStatus(token, r3, "completed", { result: { text: reply } });
        });
      });
    });
  }

  // ---- conversations ---------------------------------------------------------------------

  convChannel = (convId: string) => `conv|${convId}`;

  /** The agent answers one message of a conversation: a chunk, then the reply. */
  replyInConversation(token: string, convId: string, messageId: string, text: string): void {
    const get = () => {
      const r = this.spaces.get(token)?.conversations.get(convId);
      return r && r.conversation.state !== "closed" ? r : undefined;
    };
    const channel = this.convChannel(convId);
    const reply = replyText(text);
    const rec = get();
    if (!rec) return;
    const agentId = rec.conversation.agent_id;
    const canceled = (r: ConversationRec) => r.messages.some((m) => m.message_id === messageId && m._canceled);
    this.scheduler.after(DURATIONS.replyStep, () => {
      const r = get();
      if (!r || canceled(r) || !r.messages.some((m) => m.message_id === messageId)) return;
      this.addMessage(token, channel, r, { type: "agent_message_chunk", publisher_id: agentId, in_reply_to: messageId, body: reply.slice(0, 12), state: "streaming", created_at: nowIso() });
      this.persist();
      this.scheduler.after(DURATIONS.replyStep, () => {
        const r2 = get();
        if (!r2 || canceled(r2) || !r2.messages.some((m) => m.message_id === messageId)) return;
        this.addMessage(token, channel, r2, { type: "agent_reply", publisher_id: agentId, in_reply_to: messageId, body: reply, state: "completed", stop_reason: "end_turn", created_at: nowIso() });
        r2.conversation.last_activity_at = nowIso();
        this.persist();
      });
    });
  }

  // ---- runtime operations ----------------------------------------------------------------

  opChannel = (operationId: string) => `op|${operationId}`;

  addOpEvent(token: string, rec: OperationRec, event: Obj): void {
    const sequence = String(rec.events.length + 1);
    const full = { ...event, sequence, recordedAt: nowIso() };
    rec.events.push(full);
    rec.operation.sequence = sequence;
    rec.operation.updatedAt = full.recordedAt;
    this.publish(`${token}|${this.opChannel(rec.operation.id)}`, { kind: "op", envelope: envelopeOf(rec, full) });
    if (rec.operation.terminal) this.publish(`${token}|${this.opChannel(rec.operation.id)}`, { kind: "end", reason: "terminal" });
  }

  /** Operations being moved on now (so a second call, e.g. from a cancel, does not double the steps). */
  private readonly driving = new Set<string>();

  driveOperation(token: string, operationId: string): void {
    const key = `${token}|${operationId}`;
    if (this.driving.has(key)) return;
    this.driving.add(key);
    const get = () => {
      const r = this.spaces.get(token)?.operations.get(operationId);
      if (!r || r.operation.terminal) this.driving.delete(key);
      return r && !r.operation.terminal ? r : undefined;
    };
    const total = 2;
    const tick = () => {
      this.scheduler.after(DURATIONS.operationStep, () => {
        const r = get();
        if (!r) return;
        if (r.operation.cancelRequest) {
          this.driving.delete(key);
          Object.assign(r.operation, { status: "cancelled", effectState: "failed", terminal: true });
          this.addOpEvent(token, r, { type: "runtime_rpc_response", outcome: "cancelled", payload: { requestedBy: r.operation.cancelRequest && (r.operation.cancelRequest as Obj).requestedBy } });
          this.persist();
          return;
        }
        const done = r.events.filter((e) => e.type === "runtime_operation_progress").length;
        if (done < total) {
          const progress = { sequence: String(r.events.length + 1), phase: done === 0 ? "claimed" : "applying", current: done + 1, total };
          r.operation.progress = progress;
          this.addOpEvent(token, r, {
            type: "runtime_operation_progress",
            payload: done === 0 ? { claimedAt: nowIso(), executionMode: "start", phase: "claimed", current: 1, total } : { phase: "applying", current: done + 1, total },
          });
          this.persist();
          tick();
          return;
        }
        this.driving.delete(key);
        const result = { ok: true, method: r.operation.method };
        Object.assign(r.operation, { status: "succeeded", effectState: "committed", terminal: true, result });
        this.addOpEvent(token, r, { type: "runtime_rpc_response", outcome: "succeeded", result });
        this.persist();
      });
    };
    tick();
  }

  // ---- webhooks --------------------------------------------------------------------------

  /** Queues one delivery per live webhook of the task for a status change. */
  fireWebhooks(token: string, rec: TaskRec, status: string, final: boolean, only?: WebhookRec): void {
    const payload = { type: "task_status", task_id: rec.task.task_id, context_id: rec.contextId, status, final, timestamp: nowIso() };
    for (const webhook of only ? [only] : rec.webhooks) {
      if (webhook.deleted) continue;
      const body = JSON.stringify(payload);
      const t = Math.floor(Date.now() / 1000);
      const signature = webhook.secret ? `t=${t},v1=${createHmac("sha256", webhook.secret).update(`${t}.${body}`).digest("hex")}` : undefined;
      const created = nowIso();
      const delivery: DeliveryRec = {
        delivery: {
          delivery_id: newId("delivery"),
          webhook_id: webhook.webhook.webhook_id,
          task_id: rec.task.task_id,
          renderer: "openapi",
          status: "pending",
          attempt_num: 0,
          last_response_status: 0,
          next_attempt_at: created,
          created_at: created,
        },
        body,
        signature,
      };
      webhook.deliveries.push(delivery);
      this.attempt(token, rec.task.task_id, webhook.webhook.webhook_id, delivery.delivery.delivery_id);
    }
  }

  /** One attempt of a delivery now; retried with backoff on failure, dead-lettered after the last. */
  attempt(token: string, taskId: string, webhookId: string, deliveryId: string, delayMs = 0): void {
    this.scheduler.after(delayMs, () => {
      const webhook = this.spaces.get(token)?.tasks.get(taskId)?.webhooks.find((w) => w.webhook.webhook_id === webhookId);
      const rec = webhook?.deliveries.find((d) => d.delivery.delivery_id === deliveryId);
      if (!webhook || !rec || rec.delivery.status !== "pending" || webhook.deleted) return;
      void this.send(webhook, rec).then(({ status, error }) => {
        if (this.closed || this.spaces.get(token)?.tasks.get(taskId)?.webhooks.includes(webhook) !== true) return;
        const d = rec.delivery;
        d.attempt_num += 1;
        d.last_response_status = status;
        d.last_attempted_at = nowIso();
        if (status >= 200 && status < 300) {
          d.status = "succeeded";
          d.completed_at = d.last_attempted_at;
          d.next_attempt_at = d.last_attempted_at;
          delete d.last_error;
        } else {
          d.last_error = error ?? `the receiver answered HTTP ${status}`;
          const backoff = DURATIONS.webhookBackoff[d.attempt_num - 1];
          const refused = status >= 400 && status < 500 && status !== 408 && status !== 429;
          if (refused) {
            d.status = "failed";
            d.completed_at = d.last_attempted_at;
            d.next_attempt_at = d.last_attempted_at;
          } else if (backoff === undefined || webhook.deleted) {
            d.status = "dead_letter";
            d.completed_at = d.last_attempted_at;
            d.next_attempt_at = d.last_attempted_at;
          } else {
            d.next_attempt_at = isoAt(Date.now() + this.scheduler.scaled(backoff));
            this.attempt(token, taskId, webhookId, deliveryId, backoff);
          }
        }
        this.log(`webhook ${webhookId} delivery ${deliveryId} attempt ${d.attempt_num}: ${d.status} (HTTP ${status})`);
        this.persist();
      });
    });
  }

  private async send(webhook: WebhookRec, rec: DeliveryRec): Promise<{ status: number; error?: string }> {
    const url = String(webhook.webhook.url);
    if (!isLoopbackUrl(url)) return { status: 0, error: "the sandbox delivers webhooks to loopback receivers only" };
    const headers: Record<string, string> = { "content-type": "application/json", "user-agent": "beeos-sandbox" };
    if (rec.signature) headers["x-beeos-signature"] = rec.signature;
    if (webhook.token) headers.authorization = `Bearer ${webhook.token}`;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: rec.body,
        redirect: "manual",
        signal: AbortSignal.timeout(DURATIONS.webhookAttemptTimeout),
      });
      await response.arrayBuffer().catch(() => undefined);
      return { status: response.status };
    } catch (error) {
      return { status: 0, error: `delivery failed: ${(error as Error).message}` };
    }
  }

  // ---- restart -------------------------------------------------------------------------

  private resume(token: string, space: Space): void {
    for (const id of space.instances.keys()) this.driveInstance(token, id);
    for (const [id, rec] of space.tasks) {
      if (!TASK_FINAL.has(rec.task.status)) this.driveTask(token, id);
      for (const webhook of rec.webhooks) {
        for (const d of webhook.deliveries) {
          if (d.delivery.status === "pending") this.attempt(token, id, webhook.webhook.webhook_id, d.delivery.delivery_id);
        }
      }
    }
    for (const [id, rec] of space.operations) if (!rec.operation.terminal) this.driveOperation(token, id);
    for (const [id, rec] of space.conversations) {
      const last = rec.messages.at(-1);
      if (last?.type === "chat_message" && rec.conversation.state !== "closed") {
        this.replyInConversation(token, id, last.message_id, String((last.payload as Obj | undefined)?.text ?? ""));
      }
    }
  }
}

export function envelopeOf(rec: OperationRec, event: Obj): Obj {
  return { id: event.sequence, operationId: rec.operation.id, method: rec.operation.method, event };
}

export function replyText(prompt: string): string {
  const short = prompt.length > 80 ? `${prompt.slice(0, 77)}...` : prompt;
  return `Sandbox reply: done with "${short}".`;
}

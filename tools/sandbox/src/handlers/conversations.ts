// Conversations: open, message, stream, stop a reply, clear, change model, rename, close.
import { badRequest, conflict, notFound } from "../errors.js";
import { wrap, type Ctx, type Handler } from "../context.js";
import { newId, newUuid, nextSeq, type ConversationRec } from "../state.js";
import { nowIso } from "../clock.js";
import { findAgent, messageFrames, messageView, stateFilter } from "./agents.js";
import { sseResponse } from "./sse.js";

function findConversation(ctx: Ctx): ConversationRec {
  findAgent(ctx);
  const id = ctx.path.convId ?? ctx.path.conversationId!;
  const rec = ctx.space.conversations.get(id);
  if (!rec || rec.conversation.agent_id !== ctx.path.agentId) throw notFound("conversation", id);
  return rec;
}

function openConversation(ctx: Ctx): ConversationRec {
  const rec = findConversation(ctx);
  if (rec.conversation.state === "closed") throw conflict(`conversation \`${rec.conversation.conversation_id}\` is closed`);
  return rec;
}

/** The operation id the caller named in `X-BeeOS-Operation-Id`, or a new one. */
const operationId = (ctx: Ctx): string => ctx.headers["x-beeos-operation-id"] ?? newUuid();

export const conversationHandlers: Record<string, Handler> = {
  listConversations(ctx) {
    findAgent(ctx);
    const open = stateFilter(ctx.query.state);
    const after = ctx.query.since === undefined || ctx.query.since === "" ? Infinity : Number.parseInt(ctx.query.since, 36);
    if (Number.isNaN(after)) throw badRequest("invalid_param", `\`since\` \`${ctx.query.since}\` is not a cursor this list handed out (pass back \`next_since\`)`, "since");
    const limit: number = ctx.query.limit ?? 20;
    const rows = [...ctx.space.conversations.values()]
      .filter((c) => c.conversation.agent_id === ctx.path.agentId && c.seq < after && open(c.conversation.state !== "closed"))
      .sort((a, b) => b.seq - a.seq);
    const page = rows.slice(0, limit);
    return wrap({ conversations: page.map((c) => c.conversation), ...(rows.length > limit ? { next_since: page.at(-1)!.seq.toString(36) } : {}) });
  },

  createConversation(ctx) {
    const agent = findAgent(ctx);
    const now = nowIso();
    const conversation: any = {
      conversation_id: newId("conv"),
      agent_id: agent.id,
      state: "active",
      created_at: now,
      last_activity_at: now,
      ...(ctx.body?.title !== undefined ? { title: ctx.body.title } : {}),
      ...(ctx.body?.metadata ? { metadata: ctx.body.metadata } : {}),
      ...(agent.defaultModelId ? { effectiveModelId: agent.defaultModelId } : {}),
    };
    ctx.space.conversations.set(conversation.conversation_id, { conversation, seq: nextSeq(ctx.space), messages: [], nextOffset: 1, generation: 0 });
    return wrap(conversation, 201);
  },

  getConversation: (ctx) => wrap(findConversation(ctx).conversation),

  renameConversation(ctx) {
    const rec = openConversation(ctx);
    rec.conversation.title = ctx.body.title;
    rec.conversation.last_activity_at = nowIso();
    return wrap(rec.conversation);
  },

  deleteConversation(ctx) {
    const rec = openConversation(ctx);
    rec.conversation.state = "closed";
    rec.conversation.closed_at = nowIso();
    ctx.world.publish(`${ctx.token}|${ctx.world.convChannel(rec.conversation.conversation_id)}`, { kind: "end", reason: "channel_closed" });
    return { status: 204 };
  },

  listConversationMessages(ctx) {
    const rec = findConversation(ctx);
    const since: number = ctx.query.since ?? 0;
    const limit: number = ctx.query.limit ?? 100;
    const deltas: boolean = ctx.query.include_deltas ?? false;
    const visible = rec.messages.filter((m) => m.offset > since && (deltas || m.type !== "agent_message_chunk"));
    const page = visible.slice(0, limit);
    const hasMore = visible.length > limit;
    return wrap({
      messages: page.map(messageView),
      latest_offset: rec.nextOffset - 1,
      has_more: hasMore,
      ...(hasMore ? { next_since: String(page.at(-1)!.offset) } : {}),
    });
  },

  sendConversationMessage(ctx) {
    const rec = openConversation(ctx);
    const message = ctx.world.addMessage(ctx.token, ctx.world.convChannel(rec.conversation.conversation_id), rec, {
      type: "chat_message",
      publisher_id: ctx.space.ownerId,
      payload: { text: ctx.body.message },
      body: ctx.body.message,
      created_at: nowIso(),
    });
    rec.conversation.last_activity_at = message.created_at as string;
    ctx.world.replyInConversation(ctx.token, rec.conversation.conversation_id, message.message_id, String(ctx.body.message));
    return wrap({ message_id: message.message_id, created_at: message.created_at }, 202);
  },

  streamConversationEvents(ctx) {
    const rec = findConversation(ctx);
    const since: number = ctx.query.since ?? 0;
    const channel = ctx.world.convChannel(rec.conversation.conversation_id);
    const oldest = rec.messages[0]?.offset ?? rec.nextOffset;
    return sseResponse(ctx, {
      channel,
      history: messageFrames(rec.messages, since, oldest),
      finished: rec.conversation.state === "closed" ? { event: "end", data: { reason: "channel_closed" } } : false,
      toFrame: (e) => (e.kind === "message" ? (e.message.offset > since ? { id: String(e.message.offset), event: "message", data: messageView(e.message) } : undefined) : e.kind === "end" ? { event: "end", data: { reason: e.reason } } : undefined),
      isLast: (e) => e.kind === "end",
    });
  },

  cancelConversation(ctx) {
    const rec = openConversation(ctx);
    const target = rec.messages.find((m) => m.message_id === ctx.body.target_message_id);
    if (!target) throw notFound("message", ctx.body.target_message_id);
    const replied = rec.messages.some((m) => m.in_reply_to === target.message_id && m.type === "agent_reply");
    if (replied) throw conflict(`the reply to \`${target.message_id}\` is already complete; there is nothing to stop`);
    const id = operationId(ctx);
    target._canceled = true;
    ctx.world.addMessage(ctx.token, ctx.world.convChannel(rec.conversation.conversation_id), rec, {
      type: "agent_reply",
      publisher_id: rec.conversation.agent_id,
      in_reply_to: target.message_id,
      body: "",
      state: "cancelled",
      stop_reason: "user_stop",
      created_at: nowIso(),
    });
    return { status: 202, body: { success: true, data: { operation_id: id, status: "accepted" } }, headers: { "X-BeeOS-Operation-Id": id } };
  },

  clearConversation(ctx) {
    const rec = openConversation(ctx);
    const id = operationId(ctx);
    rec.generation += 1;
    rec.messages = [];
    return { status: 202, body: { status: "accepted", operationId: id, conversationId: rec.conversation.conversation_id, currentGeneration: String(rec.generation) }, headers: { "X-BeeOS-Operation-Id": id } };
  },

  setConversationModel(ctx) {
    const rec = openConversation(ctx);
    const agent = findAgent(ctx);
    const model = ctx.body.modelOverrideId;
    if (model === null) {
      delete rec.conversation.modelOverrideId;
      if (agent.defaultModelId) rec.conversation.effectiveModelId = agent.defaultModelId;
      else delete rec.conversation.effectiveModelId;
    } else {
      rec.conversation.modelOverrideId = model;
      rec.conversation.effectiveModelId = model;
    }
    return { status: 202, headers: { "X-BeeOS-Operation-Id": operationId(ctx) } };
  },
};

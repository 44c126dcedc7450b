// Post a message into a conversation; the reply arrives later.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: sent } = await beeos.sendConversationMessage({
  path: { agentId: "agent_abc123", convId: "conv_abc123" },
  body: { message: "What changed in the roadmap since last week?", idempotency_key: crypto.randomUUID() },
});
console.log(`stored as ${sent.message_id} at ${sent.created_at ?? "?"}`);

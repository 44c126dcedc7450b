// Give a conversation a new title.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: conversation } = await beeos.renameConversation({
  path: { agentId: "agent_abc123", convId: "conv_abc123" },
  body: { title: "Q3 planning" },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
console.log(`${conversation.conversation_id} is now "${conversation.title}"`);

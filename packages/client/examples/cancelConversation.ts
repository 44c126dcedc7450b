// Stop the agent's reply to one of your messages.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.cancelConversation({
  path: { agentId: "agent_abc123", conversationId: "conv_abc123" },
  body: { target_message_id: "msg_abc123", reason: "asked the wrong question" },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
console.log(`cancel operation ${data.operation_id}: ${data.status}`);

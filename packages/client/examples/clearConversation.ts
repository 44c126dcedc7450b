// Clear a conversation's history.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const result = await beeos.clearConversation({
  path: { agentId: "agent_abc123", conversationId: "conv_abc123" },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
console.log(`clear ${result.operationId} ${result.status}; generation ${result.currentGeneration}`);

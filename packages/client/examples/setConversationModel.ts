// Switch a conversation to a specific model.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

await beeos.setConversationModel({
  path: { agentId: "agent_abc123", conversationId: "conv_abc123" },
  body: { modelOverrideId: "anthropic/claude-sonnet-4" },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
console.log("model change accepted for conv_abc123");

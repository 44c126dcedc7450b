// Open a new conversation with an agent.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: conversation } = await beeos.createConversation({
  path: { agentId: "agent_abc123" },
  body: { title: "Quarterly planning", metadata: { team: "growth" } },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
console.log(`opened ${conversation.conversation_id} (${conversation.state})`);

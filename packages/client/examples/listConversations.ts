// List your open conversations with an agent.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listConversations({ path: { agentId: "agent_abc123" }, query: { state: "open", limit: 20 } });
for (const conversation of data.conversations) {
  console.log(`${conversation.conversation_id}\t${conversation.title ?? "(untitled)"}\t${conversation.last_activity_at ?? ""}`);
}

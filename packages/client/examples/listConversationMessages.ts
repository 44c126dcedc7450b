// Read a conversation's transcript, without streaming chunks.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listConversationMessages({
  path: { agentId: "agent_abc123", convId: "conv_abc123" }, query: { since: 0, limit: 100 },
});
for (const message of data.messages) {
  console.log(`#${message.offset}\t${message.type}\t${message.body ?? ""}`);
}
console.log(`caught up to offset ${data.latest_offset}`);

// Follow a conversation's events: each message as it is written, until the stream closes.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

for await (const ev of beeos.streamConversationEvents({ path: { agentId: "agent_abc123", convId: "conv_abc123" } })) {
  if (ev.event === "message") console.log(`#${ev.id} ${ev.data.type} from ${ev.data.publisher_id}: ${ev.data.body ?? JSON.stringify(ev.data.payload)}`);
}

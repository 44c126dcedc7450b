// Read the first page of a task's message log.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listTaskMessages({ path: { agentId: "agent_abc123", taskId: "task_abc123" }, query: { since: 0, limit: 100 } });
for (const message of data.messages) {
  console.log(`#${message.offset}\t${message.type}\t${message.body ?? ""}`);
}
console.log(`latest offset ${data.latest_offset}; more: ${data.has_more}`);

// List the tasks you gave one agent, open and closed.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listAgentTasks({ path: { agentId: "agent_abc123" }, query: { state: "all", limit: 50 } });
for (const task of data.tasks) {
  console.log(`${task.task_id}\t${task.state}\t${task.close_reason ?? ""}`);
}
console.log(data.next_since ? `more after ${data.next_since}` : "that was the last page");

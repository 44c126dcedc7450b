// Cancel a task that is no longer needed.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: task } = await beeos.cancelTask({
  path: { agentId: "agent_abc123", taskId: "task_abc123" },
  body: { reason: "superseded by a newer request" },
});
console.log(`${task.task_id} is now ${task.status}`);

// Answer the question a paused task is waiting on.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: task } = await beeos.continueTask({
  path: { agentId: "agent_abc123", taskId: "task_abc123" },
  body: { input: { answer: "Only the public pages; skip the archive." } },
});
console.log(`${task.task_id} is ${task.status}`);

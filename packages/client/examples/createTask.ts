// Give an agent a background task with a one-hour deadline.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: task } = await beeos.createTask({
  path: { agentId: "agent_abc123" },
  body: { message: "Index every page of the product wiki and list broken links.", deadline_ms: 3_600_000, idempotency_key: crypto.randomUUID() },
});
console.log(`task ${task.task_id} for ${task.agent_id} is ${task.status}`);

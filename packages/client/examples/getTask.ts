// Look up a task's status and, once it is over, its result.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: task } = await beeos.getTask({ path: { agentId: "agent_abc123", taskId: "task_abc123" } });
console.log(`${task.task_id}: ${task.status}`);
if (task.status === "completed") console.log("result:", task.result);
if (task.status === "failed") console.log(`error: ${task.error ?? "unknown"}`);

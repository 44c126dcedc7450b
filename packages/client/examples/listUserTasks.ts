// Check whether an instance is busy with a task right now.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listUserTasks({ query: { instance_id: "instance_abc123", state: "open", limit: 10 } });
console.log(data.tasks.length > 0 ? `busy with ${data.tasks.length} open task(s)` : "idle");
for (const task of data.tasks) console.log(`${task.task_id} (agent ${task.agent_id})`);

// Follow a task's events from the start; a dropped connection resumes from the last one seen.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

for await (const ev of beeos.streamTaskEvents({ path: { agentId: "agent_abc123", taskId: "task_abc123" }, query: { since: 0 } })) {
  if (ev.event === "message") console.log(`#${ev.id} ${ev.data.type}: ${ev.data.body ?? JSON.stringify(ev.data.payload)}`);
  else if (ev.event === "end") console.log(`stream ended: ${ev.data.reason}`);
}

// Delete a task webhook; no new deliveries are attempted afterwards.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

await beeos.deleteTaskWebhook({
  path: { agentId: "agent_abc123", taskId: "task_abc123", webhookId: "webhook_abc123" },
});
console.log("webhook_abc123 deleted");

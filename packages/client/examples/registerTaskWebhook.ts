// Register a signed webhook that is called when the task changes state.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: webhook } = await beeos.registerTaskWebhook({
  path: { agentId: "agent_abc123", taskId: "task_abc123" },
  body: { url: "https://hooks.example.com/beeos/tasks", secret: process.env.BEEOS_WEBHOOK_SECRET! },
});
console.log(`registered ${webhook.webhook_id} for ${webhook.task_id}; signed: ${webhook.has_secret}`);

// List the webhooks registered on a task.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listTaskWebhooks({ path: { agentId: "agent_abc123", taskId: "task_abc123" } });
for (const webhook of data.webhooks) {
  console.log(`${webhook.webhook_id}\t${webhook.url}\tsigned: ${webhook.has_secret}`);
}

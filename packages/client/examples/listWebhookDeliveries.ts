// Show the latest delivery attempts of a webhook, newest first.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data } = await beeos.listWebhookDeliveries({
  path: { agentId: "agent_abc123", taskId: "task_abc123", webhookId: "webhook_abc123" },
  query: { limit: 20 },
});
for (const d of data.deliveries) {
  console.log(`${d.delivery_id}\t${d.status}\tattempts ${d.attempt_num}\tHTTP ${d.last_response_status}\t${d.last_error ?? ""}`);
}

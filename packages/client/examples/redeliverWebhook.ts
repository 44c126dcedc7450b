// Replay a dead-lettered webhook delivery as a new pending one.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: delivery } = await beeos.redeliverWebhook({
  path: { agentId: "agent_abc123", taskId: "task_abc123", webhookId: "webhook_abc123", deliveryId: "delivery_def456" },
});
console.log(`queued ${delivery.delivery_id}: ${delivery.status}, due ${delivery.next_attempt_at}`);

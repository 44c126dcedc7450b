// Ask the runtime to cancel a durable operation.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const accepted = await beeos.cancelRuntimeOperation({
  path: { instanceId: "instance_abc123", operationId: "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01" },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
console.log(`${accepted.operationId}: ${accepted.status}`);

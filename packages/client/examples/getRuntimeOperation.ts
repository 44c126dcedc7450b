// Check where a durable runtime operation stands.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const op = await beeos.getRuntimeOperation({
  path: { instanceId: "instance_abc123", operationId: "3f1c2a9e-8b7d-4e6f-9a10-5c2b7d4e8f01" },
});
console.log(`${op.method} is ${op.status} (effect ${op.effectState}), finished: ${op.terminal}`);
if (op.error) console.log(`failed: ${op.error.code} - ${op.error.message}`);

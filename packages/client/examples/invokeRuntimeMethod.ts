// Install a skill through the runtime's JSON-RPC methods; 202 starts a durable operation.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const result = await beeos.invokeRuntimeMethod({
  path: { instanceId: "instance_abc123" },
  body: { jsonrpc: "2.0", id: 1, method: "skills/install", params: { skill: "web-search" } },
  headers: { "Idempotency-Key": crypto.randomUUID() },
});
const rejection = result as { error?: { code: number; message: string } };
console.log(rejection.error ? `refused: ${rejection.error.message} (${rejection.error.code})` : `accepted: ${JSON.stringify(result)}`);

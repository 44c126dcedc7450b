// Ask to delete an agent. The API documents no success for this yet, so print why it refused.
import { BeeosApiError, createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

try {
  await beeos.deleteAgent({ path: { agentId: "agent_abc123" } });
  console.log("deleted agent_abc123");
} catch (err) {
  if (!(err instanceof BeeosApiError)) throw err;
  console.log(`not deleted: HTTP ${err.status} ${err.code ?? ""} (request id ${err.requestId ?? "-"})`);
}

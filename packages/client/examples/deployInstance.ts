// Deploy a new instance of an agent framework.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: instance } = await beeos.deployInstance({
  body: { name: "my-agent-1", agentFramework: "openclaw", modelPrimary: "autoglm-phone" },
});
console.log(`deployed ${instance.id} (${instance.name}): status ${instance.status}, wants ${instance.desiredStatus}`);

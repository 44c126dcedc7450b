// List the agents running on one of your instances.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const page = await beeos.listAgents({ query: { instance_id: "instance_abc123", limit: 20, offset: 0 } });
console.log(`${page.total} agent(s) on instance_abc123`);
for (const agent of page.data) {
  console.log(`${agent.id}\t${agent.name}\t${agent.status}\t${agent.visibility}`);
}

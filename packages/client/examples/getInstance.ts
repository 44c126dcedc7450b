// Fetch one instance by id.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: instance } = await beeos.getInstance({ path: { id: "instance_abc123" } });
console.log(`${instance.id} (${instance.name}) is ${instance.status} and ${instance.connectivity}`);
console.log(`framework ${instance.agentFramework} on ${instance.providerId}, region ${instance.region ?? "n/a"}`);

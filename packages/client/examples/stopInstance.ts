// Stop an instance and show the state it moves to.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: instance } = await beeos.stopInstance({ path: { id: "instance_abc123" } });
console.log(`${instance.id}: status ${instance.status}, wants ${instance.desiredStatus}`);

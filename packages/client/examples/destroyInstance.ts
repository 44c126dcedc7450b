// Destroy an instance. The answer's data is a plain string.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const result = await beeos.destroyInstance({ path: { id: "instance_abc123" } });
console.log(`instance_abc123: ${result.data}`);

// Read the capability manifest of an instance's runtime (free-form JSON).
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const manifest = await beeos.getRuntimeCapabilities({ path: { instanceId: "instance_abc123" } });
console.log(JSON.stringify(manifest, null, 2));

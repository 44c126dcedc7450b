// List the regions a provider can deploy to.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: regions } = await beeos.listDeployRegions({ query: { providerId: "openclaw-k8s" } });
for (const region of regions) {
  console.log(`${region.id}\t${region.name}\t${region.available ? "available" : "unavailable"}`);
}

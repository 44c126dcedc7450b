// List the providers you can deploy to, with what they can do.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { data: providers } = await beeos.listProviders();
for (const { meta, capabilities } of providers) {
  const can = Object.entries(capabilities)
    .filter(([, value]) => value === true)
    .map(([name]) => name);
  console.log(`${meta.id}\t${meta.name} ${meta.version}\t${can.join(", ") || "-"}`);
}

// The app on @beeos/client: list every instance, the client walks the pages.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();
for await (const instance of beeos.paginate("listInstances", { query: { pageSize: 50 } })) {
  console.log(`${instance.id}\t${instance.status}`);
}

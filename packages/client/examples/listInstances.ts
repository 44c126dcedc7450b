// List the first page of your running instances.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient(); // reads BEEOS_API_KEY (and BEEOS_BASE_URL, if set)

const page = await beeos.listInstances({ query: { status: "running", page: 0, pageSize: 20 } });
console.log(`${page.total} running instance(s); request id ${page.requestId ?? "-"}`);
for (const instance of page.data) {
  console.log(`${instance.id}\t${instance.name}\t${instance.status}\t${instance.connectivity}`);
}

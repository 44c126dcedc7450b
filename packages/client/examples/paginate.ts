// Walk every instance, page after page, without counting pages yourself.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

let count = 0;
for await (const instance of beeos.paginate("listInstances", { query: { pageSize: 50 } })) {
  count += 1;
  console.log(`${instance.id}\t${instance.status}`);
}
console.log(`${count} instance(s) in all`);

// Or page by page, when you need `total` or the request id of each page.
for await (const page of beeos.paginate("listInstances", { query: { status: "running", pageSize: 50 } }).pages()) {
  console.log(`page of ${page.data.length} (of ${page.total} running), request id ${page.requestId ?? "-"}`);
}

// List the runtime operations still active on an instance, first page.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const { operations, nextCursor } = await beeos.listRuntimeOperations({
  path: { instanceId: "instance_abc123" },
  query: { status: "active", limit: 50 },
});
for (const op of operations) console.log(`${op.id}\t${op.method}\t${op.status}`);
console.log(nextCursor ? `more after cursor ${nextCursor}` : "no more pages");

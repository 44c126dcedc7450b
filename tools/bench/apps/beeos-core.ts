// The same app on @beeos/client's core and operation functions: it calls
// listInstances, walks its pages and catches NotFoundError, and ships only those.
import { createBeeosCore, listInstances, NotFoundError, paginate } from "@beeos/client";

const beeos = createBeeosCore();
try {
  const first = await listInstances(beeos, { query: { pageSize: 1 } });
  console.log(`${first.total} instance(s)`);
  for await (const instance of paginate(beeos, listInstances, { query: { pageSize: 50 } })) {
    console.log(`${instance.id}\t${instance.status}`);
  }
} catch (err) {
  if (!(err instanceof NotFoundError)) throw err;
  console.log(`not found (request id ${err.requestId ?? "-"})`);
}

// Follow a runtime operation; a reconnect sends the last id seen as Last-Event-ID.
import { createBeeosClient } from "@beeos/client";

const beeos = createBeeosClient();

const events = beeos.streamRuntimeOperationEvents({
  path: { instanceId: "instance_abc123", operationId: "0b6f2f7e-3c1d-4c55-8f0e-9d2a7e4b1c30" },
});
for await (const { data } of events) {
  console.log(`${data.id} ${data.event.type}${data.event.outcome ? ` (${data.event.outcome})` : ""} at ${data.event.recordedAt}`);
}
